import Dispatch
import Foundation
import Inference
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

    /// Samples `0..<count` of the series `seed`, spread over the cores; `progress` is called (from any thread)
    /// with the number finished so far after each one.
    public func samples(count: Int, temperature: Double, seed: UInt64,
                        progress: @escaping @Sendable (Int) -> Void = { _ in }) throws -> [CharacterSample] {
        let results = ResultSlots<CharacterSample>(count: count)
        let workers = min(count, ProcessInfo.processInfo.activeProcessorCount)
        DispatchQueue.concurrentPerform(iterations: workers) { worker in
            for index in stride(from: worker, to: count, by: workers) {
                results.store(index, Result { try sample(index, temperature: temperature, seed: seed) })
                progress(results.finished)
            }
        }
        return try results.values()
    }
}

/// Results filled in by several threads, read once all are done.
private final class ResultSlots<T: Sendable>: @unchecked Sendable {
    private var slots: [Result<T, any Error>?]
    private var done = 0
    private let lock = NSLock()

    init(count: Int) { slots = Array(repeating: nil, count: count) }

    func store(_ index: Int, _ result: Result<T, any Error>) {
        lock.withLock {
            slots[index] = result
            done += 1
        }
    }

    var finished: Int { lock.withLock { done } }

    /// Every value in order, or the error of the first slot that failed.
    func values() throws -> [T] {
        try lock.withLock { slots }.map { try $0!.get() }
    }
}
