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

    /// The standard library, the inference builtins and every character-model builtin: the rendering ones and
    /// the type prior's networks (`location_gmm`, `stroke_begin`, `stroke_step`, `termination_prob`), enough
    /// for every program in `Programs/`.
    public static func withCharacterModel(networks: TypePriorNetworks) -> BuiltinRegistry {
        var registry = withCharacterRendering()
        registry.register(CharacterBuiltins.networks(networks))
        return registry
    }
}
