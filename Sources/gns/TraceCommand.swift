import Arguments
import Inference
import Language

extension Commands {
    /// `gns trace FILE.gns [--json] [--seed N]`: runs a script's top level once and prints its trace.
    static let trace = Subcommand(
        CommandSpec(
            name: "trace",
            summary: "Run a .gns script once and print every random choice it makes (address, distribution, value, log p).",
            positionals: [PositionalSpec("FILE", help: "The .gns script.")],
            options: [
                .flag("json", help: "Print the trace as JSON instead of a table."),
                .value("seed", "N", help: "Random seed.", default: "0"),
                ScriptBuiltins.weightsOption,
                ScriptBuiltins.objectWeightsOption,
            ]
        )
    ) { arguments in
        guard let path = arguments.positional("FILE") else {
            standardError("gns trace: missing FILE")
            return 2
        }
        let seed = try arguments.int("seed") ?? 0
        guard seed >= 0 else {
            standardError("gns trace: --seed must be a non-negative integer, got \(seed)")
            return 2
        }
        do {
            let program = try Program.load(path: path, builtins: try ScriptBuiltins.registry(arguments, needsTrainedWeights: true))
            // The script's own prints go to standard error so the trace alone is on standard output.
            let trace = try Model.traceTopLevel(of: program, seed: UInt64(seed), output: { standardError($0) })
            print(arguments.flag("json") ? trace.json : trace.table)
            return 0
        } catch {
            standardError("\(error)")
            return 1
        }
    }
}
