import Arguments
import Inference
import Language
import Random

/// `gns run` and `gns check`: run a `.gns` script, or only parse and check it. Scripts see the
/// standard library, the inference builtins (`importance`, `mh`, `map_optimize`, `laplace`) and the
/// character model's builtins (see `ScriptBuiltins`).
enum RunCommand {
    static let run = Subcommand(
        CommandSpec(
            name: "run",
            summary: "Run a .gns script (deterministic for a given seed).",
            positionals: [PositionalSpec("FILE", help: "The .gns script.")],
            options: [
                .value("seed", "N", help: "Random seed.", default: "0"),
                .value("max-steps", "N", help: "Stop with an error after this many statements and loop iterations (builtins that build or copy n elements count n).",
                       default: String(Interpreter.Limits().steps)),
                .value("max-elements", "N", help: "Stop with an error before building a list, string or set of particles with more elements (UTF-8 bytes for strings).",
                       default: String(Interpreter.Limits().elements)),
                ScriptBuiltins.weightsOption,
                ScriptBuiltins.objectWeightsOption,
            ]
        )
    ) { arguments in
        guard let path = arguments.positional("FILE") else { throw ArgumentError.missingPositional("FILE", command: "run") }
        let seed = try arguments.int("seed", atLeast: 0) ?? 0
        var limits = Interpreter.Limits()
        limits.steps = try arguments.int("max-steps", atLeast: 1) ?? limits.steps
        limits.elements = try arguments.int("max-elements", atLeast: 1) ?? limits.elements
        do {
            let builtins = try ScriptBuiltins.registry(arguments, needsTrainedWeights: true)
            let interpreter = Interpreter(program: try Program.load(path: path, builtins: builtins), limits: limits)
            var generator = SeededGenerator(seed: UInt64(seed))
            try interpreter.run(mode: UntracedMode(), generator: &generator)
            return 0
        } catch {
            standardError("\(error)")
            return 1
        }
    }

    static let check = Subcommand(
        CommandSpec(
            name: "check",
            summary: "Parse and check a .gns script (names, declarations, calls) without running it.",
            positionals: [PositionalSpec("FILE", help: "The .gns script.")],
            options: [ScriptBuiltins.weightsOption, ScriptBuiltins.objectWeightsOption]
        )
    ) { arguments in
        guard let path = arguments.positional("FILE") else { throw ArgumentError.missingPositional("FILE", command: "check") }
        do {
            let program = try Program.load(path: path, builtins: try ScriptBuiltins.registry(arguments, needsTrainedWeights: false))
            print("\(path): ok (\(program.topLevelNames.count) top-level names)")
            return 0
        } catch {
            standardError("\(error)")
            return 1
        }
    }
}
