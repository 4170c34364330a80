import Inference
import Kernels
import Language
import ObjectModel
import Random

/// Training objects made by the language itself: runs of `furniture()` (`Programs/objects/furniture.gns`),
/// each rasterised into a part-labelled grid.
public struct ProceduralObjects: Sendable {
    /// The `furniture` model.
    public let model: Model
    /// The grid side.
    public let size: Int

    public init(programs directory: String, size: Int = ObjectBuiltins.defaultSize) throws {
        model = try ObjectPrograms.furniture(directory: directory)
        self.size = size
    }

    /// Object `index` of the set made with `seed`: run `index` uses its own stream, so an object does not
    /// depend on how many are made or on how they are spread over the cores.
    public func object(_ index: Int, seed: UInt64) throws -> PartVoxelSet.Object {
        var generator = SeededGenerator(seed: seed, stream: UInt64(index))
        let trace = try model.simulate([], using: &generator)
        guard case let .record(record) = trace.returnValue, case let .string(kind)? = record["kind"], let parts = record["parts"] else {
            throw BuiltinError("furniture() must return a record {kind, parts}, got \(trace.returnValue.typeName)")
        }
        return PartVoxelSet.Object(kind: kind, voxels: try PartVoxels(size: size, parts: try ObjectValues.parts(parts, "parts", argument: 0)))
    }

    /// Objects `0..<count` of the set made with `seed`, made on both cores; `progress` is called (from any
    /// thread, one call at a time) with the number finished so far. Throws the error of the lowest failing object.
    public func objects(count: Int, seed: UInt64, progress: @escaping @Sendable (Int) -> Void = { _ in }) throws -> PartVoxelSet {
        PartVoxelSet(objects: try Parallel.map(0..<count, progress: progress) { (index: Int) throws -> PartVoxelSet.Object in
            try object(index, seed: seed)
        })
    }
}
