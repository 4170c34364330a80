import CharacterModel
import Foundation
import Inference
import Kernels
import Language
import Random

/// Draws new characters by running `generate_character` from `character.gns` forward (nothing observed).
///
/// Sample `i` of a call uses its own random stream (seed, i), so the results do not depend on how the
/// samples are spread over threads, and sample `i` is the same whatever `count` is.
public struct CharacterSampler: Sendable {
    /// The `generate_character` model.
    public let model: Model

    /// Loads `character.gns` (and the files it imports) from `directory`, resolved against `builtins`
    /// (which must include the character model's: `BuiltinRegistry.withCharacterModel(networks:)`).
    public init(programs directory: String, builtins: BuiltinRegistry) throws {
        model = try CharacterPrograms.model("generate_character", in: "character.gns", directory: directory, builtins: builtins)
    }

    /// Sample `index` of the series `seed` at sampling `temperature` (1 is the model; the paper shows 0.5).
    public func sample(_ index: Int, temperature: Double, seed: UInt64) throws -> CharacterSample {
        var generator = SeededGenerator(seed: seed, stream: UInt64(index))
        let trace = try model.simulate([.nil, .number(temperature)], using: &generator)
        return try CharacterSample(trace.returnValue)
    }

    /// Samples `0..<count` of the series `seed`, spread over the cores; `progress` is called (from any thread,
    /// one call at a time) with the number finished so far after each one. Throws the error of the lowest failing sample.
    public func samples(count: Int, temperature: Double, seed: UInt64,
                        progress: @escaping @Sendable (Int) -> Void = { _ in }) throws -> [CharacterSample] {
        try Parallel.map(0..<count, progress: progress) { (index: Int) throws -> CharacterSample in
            try sample(index, temperature: temperature, seed: seed)
        }
    }
}
