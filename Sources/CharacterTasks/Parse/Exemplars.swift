import Distributions
import CharacterModel
import Foundation
import Inference
import Kernels
import Language
import Random
import Render

/// New exemplars of a character seen once: a parse is picked by its weight flattened with a temperature (the
/// paper's appendix C: T = 8 on the log weights), and a new token and image are drawn from the token and image
/// models (Programs/characters' token.gns and image.gns) of that parse's type.
public struct ExemplarSampler: Sendable {
    /// `generate_token(strokes)` of token.gns.
    public let tokenModel: Model
    /// `generate_image(token, image)` of image.gns.
    public let imageModel: Model
    /// The temperature on the parses' log weights (the paper's 8).
    public var temperature = 8.0

    /// A sampler running the programs in `directory` (with the rendering builtins: the type prior is not needed).
    public init(programs directory: String) throws {
        let builtins = BuiltinRegistry.withCharacterRendering()
        tokenModel = try CharacterPrograms.model("generate_token", in: "token.gns", directory: directory, builtins: builtins)
        imageModel = try CharacterPrograms.model("generate_image", in: "image.gns", directory: directory, builtins: builtins)
    }

    /// The probability of drawing from each parse: π_k^(1/T), normalised.
    public func parseProbabilities(_ parses: [CharacterParse]) -> [Double] {
        normalisedWeights(parses.map { log($0.weight) / temperature })
    }

    /// Exemplar `index` of the series `seed` (its own random stream, so the result does not depend on `count`
    /// or threads): the parse it came from and the new character (the parse's type, a new token, its image).
    public func exemplar(_ index: Int, of parses: [CharacterParse], seed: UInt64) throws -> (parse: Int, character: CharacterSample) {
        precondition(!parses.isEmpty, "exemplars need at least one parse")
        var generator = SeededGenerator(seed: seed, stream: UInt64(index))
        let probabilities = parseProbabilities(parses)
        var u = generator.nextUniform(), k = 0
        while k < probabilities.count - 1, u >= probabilities[k] {
            u -= probabilities[k]
            k += 1
        }
        let strokes = Value.list(parses[k].character.strokes.map { .list($0.map { .list([.number($0.x), .number($0.y)]) }) })
        let token = try tokenModel.simulate([strokes], using: &generator).returnValue
        let image = try imageModel.simulate([token], using: &generator).returnValue
        return (k, try CharacterSample(.record(Record(names: ["strokes", "token", "image"], values: [strokes, token, image]))))
    }

    /// Exemplars `0..<count` of the series `seed`, spread over the cores.
    public func exemplars(of parses: [CharacterParse], count: Int, seed: UInt64) throws -> [CharacterSample] {
        try Parallel.map(0..<count) { (i: Int) throws -> CharacterSample in try exemplar(i, of: parses, seed: seed).character }
    }
}
