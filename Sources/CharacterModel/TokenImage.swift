import Language
import Random
import Render
import Tensors

/// `token_image(token)`: the distribution of a binary 105x105 image given a character token, each pixel an
/// independent Bernoulli with the token's rendered on-probability (the image model of BPL and GNS).
///
/// Scoring goes through the renderer's fused likelihood, whose hand-written gradient reaches every number of
/// the token: control points, affine warp, blur sigma and epsilon. The parameters are laid out as
/// `StrokeValues.tokenParameters` lays them out (one list of points per stroke, then scale, translation,
/// blur sigma, epsilon) so the gradient lines up with tape-tracked numbers in gradient mode.
struct TokenImage: LanguageDistribution {
    let token: RenderToken
    let renderers: RendererPool

    func sample(using generator: inout SeededGenerator) -> Value {
        let probabilities = renderers.withRenderer { $0.probabilities(token) }
        let pixels = probabilities.map { p -> Float in Double(p) > generator.nextUniform() ? 1 : 0 }
        return StrokeValues.tensor(pixels, side: Coordinates.canvasSize)
    }

    func logDensity(_ value: Value) throws -> Double {
        let image = try StrokeValues.image(value)
        return renderers.withRenderer { $0.logLikelihood(token, image: image) }
    }

    func logDensityGradient(_ value: Value) throws -> (value: Partial?, parameters: [Partial]) {
        let result = try logDensityAndGradient(value)
        return (result.value, result.parameters)
    }

    /// One render gives both (an optimiser asks for both at every step).
    func logDensityAndGradient(_ value: Value) throws -> (logDensity: Double, value: Partial?, parameters: [Partial]) {
        let image = try StrokeValues.image(value)
        var gradient = RenderGradient()
        let logDensity = renderers.withRenderer { $0.logLikelihood(token, image: image, gradient: &gradient) }
        // Strokes are absolute control points (every start is 0), so the relative points' gradient is theirs.
        let strokes = gradient.controlPoints.map { Partial.vector($0.flatMap { [$0.x, $0.y] }) }
        return (logDensity, nil, strokes + [.vector([gradient.scale.x, gradient.scale.y]),
                                            .vector([gradient.translation.x, gradient.translation.y]),
                                            .scalar(gradient.blurSigma), .scalar(gradient.epsilon)])
    }
}
