import Arguments
import Foundation
import Language
import Repl

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension Commands {
    /// `gns repl [--seed N]`: an interactive prompt on a session that keeps its definitions (see `Repl`). With
    /// standard input not a terminal it runs the piped lines without prompts and exits 1 if any entry failed.
    static let repl = Subcommand(
        CommandSpec(
            name: "repl",
            summary: "An interactive GNS prompt: definitions persist, values print, :trace shows the last entry's choices.",
            options: [
                .value("seed", "N", help: "Random seed.", default: "0"),
                ScriptBuiltins.weightsOption,
                ScriptBuiltins.objectWeightsOption,
            ]
        )
    ) { arguments in
        let seed = try arguments.int("seed") ?? 0
        guard seed >= 0 else {
            throw ArgumentError.invalidValue(option: "--seed", value: String(seed), expected: "a non-negative integer", command: "repl")
        }
        let builtins: BuiltinRegistry
        do {
            builtins = try ScriptBuiltins.registry(arguments, needsTrainedWeights: true)
        } catch {
            standardError("\(error)")
            return 1
        }
        let interactive = isatty(STDIN_FILENO) != 0
        let repl = Repl(builtins: builtins, seed: UInt64(seed), write: { print($0) }, writeError: standardError)
        if interactive { print("GNS \(GNSVersion.string). :help lists the commands, :quit leaves.") }
        repl.run(readLine: { readLine() }, prompt: interactive ? { prompt in
            print(prompt, terminator: "")
            fflush(nil)
        } : nil)
        if interactive { print("") }
        return !interactive && repl.errorCount > 0 ? 1 : 0
    }
}
