import Language
import Tensors

/// The object model's builtins: the voxel canvas seen from `.gns` code. Register them with
/// `BuiltinRegistry.withObjectModel()`.
public enum ObjectBuiltins {
    /// The grid side objects are built on unless a program says otherwise.
    public static let defaultSize = 32

    /// Every object-model builtin without networks: `voxel_canvas`, `add_part` and `filled_voxels`.
    public static let all: [Builtin] = [
        /// `voxel_canvas(size: 32)`: an empty occupancy grid, a `[size, size, size]` tensor indexed [z][y][x].
        Builtin("voxel_canvas", parameters: [Builtin.Parameter("size", default: .number(Double(defaultSize)))]) { call in
            let size = try call.integer(0)
            guard (1...128).contains(size) else { throw BuiltinError("size must lie in 1...128, got \(size)", argument: 0) }
            return .tensor(Tensor(shape: [size, size, size], scalars: [Float](repeating: 0, count: size * size * size)))
        },
        /// `add_part(canvas, part)`: the canvas with the part's voxels filled (the object model's f_update: a
        /// voxel sum, capped at 1 so overlapping parts fill a voxel once). The part is a box `{category, lo, hi}`
        /// or `{category, voxels}` (see ``ObjectValues``).
        Builtin("add_part", parameters: ["canvas", "part"]) { call in
            guard case let .tensor(canvas) = call.arguments[0], canvas.shape.count == 3,
                  canvas.shape.allSatisfy({ $0 == canvas.shape[0] }) else {
                throw BuiltinError("the canvas must be a cubic voxel grid (from voxel_canvas), got \(call.arguments[0].typeName)", argument: 0)
            }
            let size = canvas.shape[0]
            var grid = PartVoxels(size: size)
            try ObjectValues.add(call.arguments[1], to: &grid, "part", argument: 1)
            var scalars = canvas.scalars
            for (i, label) in grid.labels.enumerated() where label != 0 { scalars[i] = 1 }
            return .tensor(Tensor(shape: canvas.shape, scalars: scalars))
        },
        /// `filled_voxels(probabilities)`: a decoded part's most probable voxels, as many as it expects (the sum of
        /// the probabilities, rounded): 1 there, 0 elsewhere. For a confident decoder this is the voxels above 0.5;
        /// a diffuse one (early in training) still gives a part of the expected size instead of none.
        Builtin("filled_voxels", parameters: ["probabilities"]) { call in
            guard case let .tensor(probabilities) = call.arguments[0] else { throw call.mismatch(0, "a tensor of voxel probabilities") }
            let p = probabilities.scalars
            guard p.allSatisfy({ $0 >= 0 && $0 <= 1 }) else { throw BuiltinError("probabilities must lie in [0, 1]", argument: 0) }
            let expected = Int(p.reduce(0.0) { $0 + Double($1) }.rounded())
            var filled = [Float](repeating: 0, count: p.count)
            for i in p.indices.sorted(by: { p[$0] > p[$1] || (p[$0] == p[$1] && $0 < $1) }).prefix(expected) { filled[i] = 1 }
            return .tensor(Tensor(shape: probabilities.shape, scalars: filled))
        },
    ]
}

extension BuiltinRegistry {
    /// The standard library, the inference builtins and the object model's builtins: enough for every program
    /// in `Programs/objects/`.
    public static func withObjectModel() -> BuiltinRegistry {
        var registry = BuiltinRegistry.withInference
        registry.register(ObjectBuiltins.all)
        return registry
    }
}
