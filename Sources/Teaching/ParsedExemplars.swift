import CharacterModel
import CharacterTasks
import Images
import OmniglotData
import Render

/// The visual Turing test's machine: GNS's own exemplars, as `gns exemplars` draws them. The target drawing's
/// image is parsed (bottom-up proposals, the type prior's order search, refinement), a parse is chosen per
/// exemplar with the parse weights flattened at temperature 8, and a new token of its type is drawn.
public struct ParsedExemplars: ExemplarSource {
    let parser: CharacterParser
    let sampler: ExemplarSampler
    let rendering = HumanStrokeRendering()

    /// The parser with the bundled type-prior networks and the programs in `programs` (the characters folder).
    public init(programs: String) throws {
        parser = try CharacterParser(networks: try TypePriorNetworks.bundled(), programs: programs)
        sampler = try ExemplarSampler(programs: programs)
    }

    public var description: String {
        "GNS: the target image parsed (proposals, order search, refinement), then new tokens of its parses' types"
    }

    public func exemplars(of drawing: Drawing, in dataset: OmniglotDataset, count: Int, seed: UInt64) throws -> [Raster] {
        let image = try BinaryImage(raster: try dataset.image(of: drawing), path: drawing.key)
        let parses = try parser.parse(image, seed: seed)
        let renderer = Renderer()
        return try sampler.exemplars(of: parses, count: count, seed: seed).map { sample in
            // Drawn sharply, as the people's grid is: the token's shape, location and affine noise, not its blur.
            let sharp = RenderToken(strokes: sample.token.warpedStrokes.map { RenderStroke(absolute: $0) },
                                    blurSigma: rendering.blurSigma, epsilon: rendering.epsilon)
            return TuringTest.raster(ink: renderer.probabilities(sharp))
        }
    }
}
