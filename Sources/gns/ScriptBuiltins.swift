import Arguments
import CharacterModel
import Language
import ObjectModel

/// The builtins `gns run`, `check` and `trace` give scripts: the standard library, inference, and the
/// domains' builtins (the character model's renderer and type-prior networks, the object model's voxel canvas),
/// so the programs in `Programs/` and scripts that import them run from the command line. The object networks
/// are read at a script's first call of one of them, so other scripts never need their weights.
enum ScriptBuiltins {
    /// The `--weights` option the script commands share.
    static let weightsOption = OptionSpec.value("weights", "DIR",
                                                help: "Type-prior weights for the network builtins (default: the bundled weights).")

    /// The `--object-weights` option the script commands share.
    static let objectWeightsOption = OptionSpec.value("object-weights", "DIR",
                                                      help: "Object-model weights for category_probs, decode_part, ... (default: the bundled weights).")

    /// The registry for a script: networks from `--weights`, else the bundled ones. `check` only needs names and
    /// arities, so with `needsTrainedWeights` false it falls back to untrained networks when none are bundled.
    static func registry(_ arguments: ParsedArguments, needsTrainedWeights: Bool) throws -> BuiltinRegistry {
        let networks: TypePriorNetworks
        if let directory = arguments.string("weights") {
            networks = try TypePriorNetworks(directory: directory)
        } else if needsTrainedWeights {
            networks = try TypePriorNetworks.bundled()
        } else {
            networks = (try? TypePriorNetworks.bundled()) ?? TypePriorNetworks(seed: 0)
        }
        var registry = BuiltinRegistry.withCharacterModel(networks: networks)
        let objectWeights = arguments.string("object-weights")
        registry.register(ObjectBuiltins.all)
        registry.register(ObjectBuiltins.networks(ObjectNetworkSource {
            try ObjectNetworkSet.load(from: objectWeights)
        }))
        return registry
    }
}
