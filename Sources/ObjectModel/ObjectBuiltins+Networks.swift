import Language
import ObjectNetworks
import Tensors

extension ObjectBuiltins {
    /// The object model's networks as builtins. Canvases are 32³ occupancy tensors (`voxel_canvas(32)`, `add_part`);
    /// categories are named by strings (`part_categories()`).
    public static func networks(_ networks: ObjectNetworkSet) -> [Builtin] {
        self.networks(ObjectNetworkSource(networks))
    }

    /// The networks' builtins, reading `source`'s weights at the first call of one of them.
    public static func networks(_ source: ObjectNetworkSource) -> [Builtin] {
        [
            /// `part_categories()`: the categories' names, in the order of `category_probs`.
            Builtin("part_categories", parameters: []) { _ in .list(try source.networks().categories.map(Value.string)) },
            /// `category_probs(canvas)`: p(k | canvas) for every category, in the order of `part_categories()`.
            Builtin("category_probs", parameters: ["canvas"]) { call in
                .list(try source.networks().category.probabilities(canvas: try canvas(call, 0)).map(Value.number))
            },
            /// `object_termination_prob(canvas)`: the probability that the object is finished after the parts on `canvas`.
            Builtin("object_termination_prob", parameters: ["canvas"]) { call in
                .number(try source.networks().termination.probability(canvas: try canvas(call, 0)))
            },
            /// `part_latent_size()`: how many numbers a part's latent holds (its prior is a standard normal each).
            Builtin("part_latent_size", parameters: []) { _ in .number(Double(PartInstanceNetwork.latentSize)) },
            /// `decode_part(latent, category, canvas)`: the 32³ voxel probabilities (a tensor, [z][y][x]) of a part of
            /// `category` decoded from `latent` on `canvas`.
            Builtin("decode_part", parameters: ["latent", "category", "canvas"]) { call in
                let networks = try source.networks(), categories = networks.categories
                let latent = try call.numbers(0)
                guard latent.count == PartInstanceNetwork.latentSize else {
                    throw BuiltinError("latent must hold \(PartInstanceNetwork.latentSize) numbers (part_latent_size()), got \(latent.count)", argument: 0)
                }
                let name = try call.string(1)
                guard let category = categories.firstIndex(of: name) else {
                    throw BuiltinError("category \(Value.string(name)) is not one of the networks' categories: \(categories.joined(separator: ", "))", argument: 1)
                }
                let probabilities = networks.instance.decode(latent: latent.map(Float.init), category: category, canvas: try canvas(call, 2))
                return .tensor(Tensor(shape: VoxelCanvas.shape, scalars: probabilities.map(Float.init)))
            },
        ]
    }

    /// Argument `index` as the networks' 32³ canvas.
    private static func canvas(_ call: BuiltinCall, _ index: Int) throws -> [Float] {
        guard case let .tensor(canvas) = call.arguments[index], canvas.shape == VoxelCanvas.shape else {
            let got = if case let .tensor(t) = call.arguments[index] { "a tensor of shape \(t.shape)" } else { call.arguments[index].typeName }
            throw BuiltinError("\(call.parameterName(index)) must be a 32^3 voxel canvas (voxel_canvas(32)), got \(got)", argument: index)
        }
        return canvas.scalars
    }
}

extension BuiltinRegistry {
    /// ``withObjectModel()`` and the object networks' builtins evaluating `networks`.
    public static func withObjectModel(networks: ObjectNetworkSet) -> BuiltinRegistry {
        withObjectModel(networks: ObjectNetworkSource(networks))
    }

    /// ``withObjectModel()`` and the object networks' builtins, reading `source`'s weights at their first call.
    public static func withObjectModel(networks source: ObjectNetworkSource) -> BuiltinRegistry {
        var registry = BuiltinRegistry.withObjectModel()
        registry.register(ObjectBuiltins.networks(source))
        return registry
    }
}
