import Inference
import Language

extension BuiltinRegistry {
    /// The standard library, the inference builtins and the character model's rendering builtins
    /// (`render`, `render_token`, `downsize`, `token_image`): enough for `token.gns` and `image.gns`.
    public static func withCharacterRendering() -> BuiltinRegistry {
        var registry = BuiltinRegistry.withInference
        registry.register(CharacterBuiltins.rendering(RendererPool()))
        return registry
    }
}
