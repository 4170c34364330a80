import CharacterModel
import CharacterTasks
import Images
import Inference
import Language
import OmniglotData
import Random
import Render

/// A stand-in machine for the visual Turing test until `gns exemplars` (parse an image, then draw new tokens of
/// the parsed type) is wired in: new tokens of a drawer's *own* strokes (their minimal splines taken as the type)
/// through `generate_token` of `Programs/characters/token.gns`, GNS's token noise on a known type. It is honest
/// about what it is: the type comes from a person, only the variation is the model's.
public struct TokenNoiseExemplars: ExemplarSource {
    let model: Model
    let rendering = HumanStrokeRendering()

    /// Loads `generate_token` from `token.gns` in the character programs' folder `programs`.
    public init(programs: String) throws {
        model = try CharacterPrograms.model("generate_token", in: "token.gns", directory: programs, builtins: .withInference)
    }

    public var description: String {
        "STAND-IN (not GNS's parse-and-exemplars yet): new tokens of the target drawer's own strokes through "
            + "Programs/characters/token.gns (GNS's token noise on a human-made type)."
    }

    public func exemplars(of drawing: Drawing, in dataset: OmniglotDataset, count: Int, seed: UInt64) throws -> [Raster] {
        let splines = try rendering.splines(try dataset.strokes(of: drawing), label: drawing.key)
        let strokes = Value.list(splines.map { stroke in .list(stroke.map { .list([.number($0.x), .number($0.y)]) }) })
        let renderer = Renderer()
        return try (0..<count).map { k in
            var generator = SeededGenerator(seed: seed, stream: UInt64(k))
            let token = try StrokeValues.token(try model.simulate([strokes], using: &generator).returnValue, argument: 0)
            // Drawn sharply, as the people's grid is: the token's shape, location and affine noise, not its blur.
            let sharp = RenderToken(strokes: token.warpedStrokes.map { RenderStroke(absolute: $0) },
                                    blurSigma: rendering.blurSigma, epsilon: rendering.epsilon)
            return TuringTest.raster(ink: renderer.probabilities(sharp))
        }
    }
}
