import CharacterModel
import Inference
import Language
import Random
import Render
import Tensors

/// Refines a parse of an image: every continuous choice of `generate_character` (Programs/character.gns) with
/// the image observed is moved to a local maximum of log P(type, token, image) by the engine's L-BFGS MAP.
///
/// The type's discrete choices (how many strokes, how many control points each: the stop and end flags) stay as
/// the parse has them; everything else moves: stroke starts and spline offsets (under `"type"`), and the token's
/// shape and location noise, affine scale and translation, blur and pixel noise (under `"token"`). The model is
/// only run through the interface: `generate` builds the start from a choice map, `maximumAPosteriori` moves it.
public struct ParseRefinement: Sendable {
    /// `generate_character(image, temperature)` of character.gns.
    public let model: Model
    /// L-BFGS iterations per parse (the reference runs 1500 Adam steps).
    public var iterations: Int
    /// The token's blur and pixel noise before refinement: the thinnest line the image model allows, a little noise.
    public var startBlur = 1.0, startEpsilon = 0.01

    /// Refinement of runs of `model` (`generate_character`), at most `iterations` L-BFGS steps each.
    public init(model: Model, iterations: Int = 30) {
        self.model = model
        self.iterations = iterations
    }

    /// The run of `generate_character` that draws `strokes` (the type, motor-space control points) as a token
    /// with no noise and no warp, observing `image`.
    public func start(strokes: [[SIMD2<Double>]], image: BinaryImage) throws -> Trace {
        var choices = try TypeChoices.choiceMap(strokes, namespace: "type")
        func put(_ components: [Address], _ value: Value) { choices[Address(components).prefixed(by: "token")] = value }
        let zero = Value.list([.number(0), .number(0)])
        for (i, stroke) in strokes.enumerated() {
            put(["stroke", .index(i), "location"], zero)
            for j in stroke.indices { put(["stroke", .index(i), "shape", .index(j)], zero) }
        }
        put(["scale"], .list([.number(1), .number(1)]))
        put(["translation"], zero)
        put(["blur_sigma"], .number(startBlur))
        put(["epsilon"], .number(startEpsilon))
        var generator = SeededGenerator(seed: 0)
        return try model.generate(Self.arguments(image), constraints: choices, using: &generator).trace
    }

    /// `trace` moved to a local maximum of its score over ``selection(_:)``.
    public func refine(_ trace: Trace) throws -> Trace {
        try model.maximumAPosteriori(trace, selection: Self.selection(trace), method: .lbfgs, iterations: iterations)
    }

    /// Every continuous choice of a `generate_character` trace: all choices except the observed image and the
    /// type's stop and end flags.
    public static func selection(_ trace: Trace) -> Selection {
        Selection(trace.addresses.filter { address in
            guard let entry = trace.entries[address], entry.origin != .observed else { return false }
            if case .bool = entry.value { return false }
            return true
        })
    }

    /// The arguments of `generate_character` that observe `image` at temperature 1.
    public static func arguments(_ image: BinaryImage) -> [Value] {
        [.tensor(Tensor(shape: [Coordinates.canvasSize, Coordinates.canvasSize], scalars: image.pixels)), .number(1)]
    }
}
