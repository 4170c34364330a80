import Language
import Render

/// The character model's builtins: the renderer seen from `.gns` code (this file) and the type-prior
/// networks (`CharacterBuiltins+Networks.swift`). Register them with `BuiltinRegistry.withCharacterModel`.
public enum CharacterBuiltins {
    /// `render`, `render_token`, `downsize` and the `token_image` distribution, sharing `renderers`.
    static func rendering(_ renderers: RendererPool) -> [Builtin] {
        let size = Coordinates.canvasSize
        return [
            /// `render(strokes, blur_sigma: 0.5, epsilon: 0)`: the 105x105 on-probabilities of `strokes` (lists of
            /// motor-space control points), without warp: the type-level canvas the networks condition on.
            Builtin("render", parameters: ["strokes", Builtin.Parameter("blur_sigma", default: .number(RenderConstants.sharpBlurSigma)),
                                           Builtin.Parameter("epsilon", default: .number(0))]) { call in
                let strokes = try StrokeValues.strokes(call.arguments[0], "strokes", argument: 0)
                let sigma = try StrokeValues.number(call.arguments[1], "blur_sigma", in: 0...RenderConstants.maximumBlurSigma, argument: 1)
                let epsilon = try StrokeValues.number(call.arguments[2], "epsilon", in: 0...1, argument: 2)
                let token = RenderToken(strokes: strokes.map { RenderStroke(absolute: $0) }, blurSigma: sigma, epsilon: epsilon)
                return StrokeValues.tensor(renderers.withRenderer { $0.probabilities(token) }, side: size)
            },
            /// `render_token(token)`: the 105x105 on-probabilities of a token record (warp, blur and noise applied).
            Builtin("render_token", parameters: ["token"]) { call in
                let token = try StrokeValues.token(call.arguments[0], argument: 0)
                return StrokeValues.tensor(renderers.withRenderer { $0.probabilities(token) }, side: size)
            },
            /// `downsize(canvas)`: a 105x105 canvas resized bilinearly to the networks' 28x28.
            Builtin("downsize", parameters: ["canvas"]) { call in
                let canvas = try StrokeValues.canvas(call.arguments[0], side: size, argument: 0)
                do {
                    return StrokeValues.tensor(try Canvas.downsized(canvas), side: Canvas.networkSize)
                } catch {
                    throw BuiltinError("\(error)", argument: 0)
                }
            },
            /// `token_image(token)`: the product-of-Bernoulli distribution over 105x105 binary images.
            Builtin("token_image", parameters: ["token"], gradient: .differentiable) { call in
                let token = try StrokeValues.token(call.arguments[0].detached, argument: 0)
                return .distribution(DistributionValue(name: "token_image", parameters: StrokeValues.tokenParameters(call.arguments[0]),
                                                       family: TokenImage(token: token, renderers: renderers)))
            },
        ]
    }
}
