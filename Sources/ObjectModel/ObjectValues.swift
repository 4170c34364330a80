import Language

/// How parts travel between `.gns` code and Swift: a part is the record `{category, lo, hi}` with `lo` and
/// `hi` lists of three integers (voxel coordinates), or `{category, voxels}` with `voxels` a cubic tensor
/// (filled where at least 0.5, as `object.gns` makes them); an object is a list of parts. Decoders throw a
/// `BuiltinError` naming the argument and the element at fault.
public enum ObjectValues {
    /// Adds the part `value` (a box or a voxel record) to `grid` as its next part.
    public static func add(_ value: Value, to grid: inout PartVoxels, _ what: String, argument: Int) throws {
        do {
            if case let .record(record) = value, let voxels = record["voxels"] {
                guard case let .string(category)? = record["category"] else {
                    throw BuiltinError("\(what) must be a part record {category, voxels} with a string category", argument: argument)
                }
                guard case let .tensor(tensor) = voxels, tensor.shape == [grid.size, grid.size, grid.size] else {
                    throw BuiltinError("\(what).voxels must be a \(grid.size)^3 tensor, got \(voxels.typeName)", argument: argument)
                }
                try grid.add(category: category, occupancy: tensor.scalars)
            } else {
                try grid.add(try part(value, what, argument: argument))
            }
        } catch let error as ObjectModelError {
            throw BuiltinError("\(what): \(error)", argument: argument)
        }
    }

    /// A part record.
    public static func part(_ value: Value, _ what: String, argument: Int) throws -> PartBox {
        guard case let .record(record) = value, case let .string(category)? = record["category"],
              let lo = record["lo"], let hi = record["hi"] else {
            throw BuiltinError("\(what) must be a part record {category, lo, hi}, got \(value.typeName)", argument: argument)
        }
        return PartBox(category: category, lo: try corner(lo, "\(what).lo", argument: argument),
                       hi: try corner(hi, "\(what).hi", argument: argument))
    }

    /// A list of part records.
    public static func parts(_ value: Value, _ what: String, argument: Int) throws -> [PartBox] {
        guard case let .list(items) = value else {
            throw BuiltinError("\(what) must be a list of parts {category, lo, hi}, got \(value.typeName)", argument: argument)
        }
        return try items.enumerated().map { i, item in try part(item, "\(what)[\(i)]", argument: argument) }
    }

    /// A voxel corner `[x, y, z]` of integers within ±2^20 (far outside any grid, small enough to add safely).
    static func corner(_ value: Value, _ what: String, argument: Int) throws -> SIMD3<Int> {
        let limit = 1 << 20
        guard case let .list(xs) = value, xs.count == 3 else {
            throw BuiltinError("\(what) must be a voxel corner [x, y, z], got \(value.typeName)", argument: argument)
        }
        let numbers = xs.compactMap(\.numberValue)
        guard numbers.count == 3, numbers.allSatisfy({ $0 == $0.rounded() && abs($0) <= Double(limit) }) else {
            throw BuiltinError("\(what) must hold three integers within ±\(limit), got \(Value.list(xs))", argument: argument)
        }
        return SIMD3(Int(numbers[0]), Int(numbers[1]), Int(numbers[2]))
    }
}
