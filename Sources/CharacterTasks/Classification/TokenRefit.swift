import CharacterModel
import Inference
import Language
import Random
import Render
import Tensors

/// Refits a parse of one image to another image: the parse's type held fixed, every token choice (shape and
/// location noise, affine warp, blur, pixel noise) moved to a local maximum of
/// log P(token | type) + log P(image | token), the score of `refit_token` (Programs/characters/refit.gns).
///
/// The model runs only through the interface: `generate` builds the start from the parse's token choices,
/// `maximumAPosteriori` moves every choice except the observed image.
public struct TokenRefit: Sendable {
    /// `refit_token(strokes, image)` of refit.gns.
    public let model: Model
    /// L-BFGS iterations per refit (the reference runs 1500 Adam steps).
    public var iterations: Int
    /// Blur and pixel noise at the start of every refit. GNS's reference resets them to the image model's
    /// widest (blur 16, epsilon 0.5) and runs 1500 Adam steps; with tens of L-BFGS steps that start is still
    /// blurry when the steps run out, and simple types, which lose least to blur, win trials. A sharp start
    /// (blur 2, epsilon 0.01) gets much further within the budget: on run 1 at 30 steps, 40 % error against 60 % from
    /// the reset (Benchmarks/classification/README.md).
    public var startBlur = 2.0, startEpsilon = 0.01

    /// Refits with the programs in `directory` (the character programs' folder), at most `iterations` L-BFGS steps.
    public init(programs directory: String, iterations: Int = 150) throws {
        model = try CharacterPrograms.model("refit_token", in: "refit.gns", directory: directory, builtins: .withCharacterRendering())
        self.iterations = iterations
    }

    /// The refit of `parse` to `image`; its score is log P(token, image | type) at the refit token.
    public func refit(_ parse: ImageParse, to image: BinaryImage) throws -> Trace {
        var start = parse.tokenChoices(under: "token")
        start[Address(["token", "blur_sigma"])] = .number(startBlur)
        start[Address(["token", "epsilon"])] = .number(startEpsilon)
        let pixels = Value.tensor(Tensor(shape: [Coordinates.canvasSize, Coordinates.canvasSize], scalars: image.pixels))
        var generator = SeededGenerator(seed: 0)
        let trace = try model.generate([parse.strokesValue, pixels], constraints: start, using: &generator).trace
        let tokenChoices = trace.addresses.filter { trace.entries[$0]?.origin != .observed }
        return try model.maximumAPosteriori(trace, selection: Selection(tokenChoices), method: .lbfgs, iterations: iterations)
    }
}
