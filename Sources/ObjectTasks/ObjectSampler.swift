import Inference
import Kernels
import Language
import ObjectModel
import Random

/// Draws new objects by running `generate_object` from `object.gns` forward (nothing observed).
///
/// Sample `i` of a call uses its own random stream (seed, i), so the results do not depend on how the
/// samples are spread over threads, and sample `i` is the same whatever `count` is.
public struct ObjectSampler: Sendable {
    /// The `generate_object` model.
    public let model: Model

    /// Loads `object.gns` from `directory`, resolved against `builtins` (which must include the object model's
    /// networks: `BuiltinRegistry.withObjectModel(networks:)`).
    public init(programs directory: String, builtins: BuiltinRegistry) throws {
        model = try ObjectPrograms.objectModel(directory: directory, builtins: builtins)
    }

    /// Sample `index` of the series `seed`: its parts, labelled on a grid.
    public func sample(_ index: Int, seed: UInt64) throws -> PartVoxels {
        var generator = SeededGenerator(seed: seed, stream: UInt64(index))
        return try Self.voxels(of: try model.simulate([], using: &generator).returnValue)
    }

    /// Samples `0..<count` of the series `seed`, spread over the cores; `progress` is called (from any thread,
    /// one call at a time) with the number finished so far. Throws the error of the lowest failing sample.
    public func samples(count: Int, seed: UInt64, progress: @escaping @Sendable (Int) -> Void = { _ in }) throws -> [PartVoxels] {
        try Parallel.map(0..<count, progress: progress) { (index: Int) throws -> PartVoxels in try sample(index, seed: seed) }
    }

    /// The part-labelled grid of an object `generate_object` returned (`{parts, canvas}`, parts `{category, voxels}`).
    public static func voxels(of object: Value) throws -> PartVoxels {
        guard case let .record(record) = object, let parts = record["parts"], case let .list(items) = parts else {
            throw BuiltinError("generate_object must return a record {parts, canvas} with a list of parts, got \(object.typeName)")
        }
        var grid = PartVoxels(size: ObjectBuiltins.defaultSize)
        for (i, part) in items.enumerated() { try ObjectValues.add(part, to: &grid, "parts[\(i)]", argument: 0) }
        return grid
    }
}
