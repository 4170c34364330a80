import Arguments
import CharacterModel
import CharacterTasks
import Foundation
import Inference
import OmniglotData
import Teaching

extension Commands {
    /// `gns quiz`: the one-shot game as one self-contained HTML page.
    static let quiz = Subcommand(
        CommandSpec(
            name: "quiz",
            summary: "Write the one-shot character game (reference + 9 options, running score, you vs the machine) as one HTML page.",
            options: [
                dataOption(),
                .value("trials", "N", help: "Trials (1...400), from the official one-shot runs.", default: "20"),
                .value("seed", "N", help: "Random seed: picks the trials and the options.", default: "0"),
                .value("out", "FILE", help: "Output HTML file.", default: "quiz.html"),
                .value("gns-results", "FILE", help: "gns classify results whose decisions the page shows as GNS's; trials come from the test images they decide (default: the checkout's Benchmarks/classification/gns.jsonl if present, else only the Hausdorff baseline plays)."),
            ]
        )
    ) { arguments in
        let (trials, seed) = try trialsAndSeed(arguments, default: 20, most: 400, command: "quiz")
        let out = arguments.string("out") ?? "quiz.html"
        return writePage(command: "quiz", to: out) {
            let runs = try OneShotRuns(in: try OmniglotDirectory.resolve(option: arguments.string("data")))
            let machines = try quizMachines(resultsOption: arguments.string("gns-results"))
            let chosen = try OneShotQuiz.trials(from: runs, count: trials, seed: seed, machines: machines)
            let html = try OneShotQuiz.html(trials: chosen, machines: machines)
            return (html, "\(trials) trials from the one-shot runs, machines: " + machines.map(\.name).joined(separator: ", "))
        }
    }

    /// The checkout's committed GNS classification results, the quiz's default GNS player.
    static let committedGNSResults = ((ProgramsRoot.checkout as NSString).deletingLastPathComponent as NSString)
        .appendingPathComponent("Benchmarks/classification/gns.jsonl")

    /// GNS from its classification results (named, or the committed ones when present), then the Hausdorff baseline.
    private static func quizMachines(resultsOption: String?) throws -> [OneShotQuiz.Machine] {
        let path = resultsOption ?? committedGNSResults
        guard resultsOption != nil || FileManager.default.fileExists(atPath: path) else {
            standardError("gns quiz: no GNS results at \(path) (make them with gns classify); the Hausdorff baseline plays alone")
            return [OneShotQuiz.modifiedHausdorff]
        }
        let records = try JSONLinesFile<TrialRecord>.read(path)
        guard !records.isEmpty, records.allSatisfy({ $0.method == .gns }) else {
            throw TeachingError("\(path): expected gns classify results (method gns), found "
                                + (records.isEmpty ? "no trials" : "method \(records.first { $0.method != .gns }!.method.rawValue)"))
        }
        let description = "the GNS model's decisions in \((path as NSString).lastPathComponent) (each option's type refit to the reference and back, gns classify)"
        return [OneShotQuiz.recorded(records, name: "GNS", description: description), OneShotQuiz.modifiedHausdorff]
    }

    /// `gns turing`: the visual Turing test as one self-contained HTML page.
    static let turing = Subcommand(
        CommandSpec(
            name: "turing",
            summary: "Write a visual Turing test (people's vs the machine's new drawings of a character) as one HTML page.",
            options: [
                dataOption(),
                .value("trials", "N", help: "Trials (characters of the background set, 1...200).", default: "12"),
                .value("seed", "N", help: "Random seed: picks the characters, drawers and grid order.", default: "0"),
                .value("programs", "DIR", help: "Folder holding characters/*.gns (default $GNS_PROGRAMS, else the checkout's Programs/)."),
                .value("out", "FILE", help: "Output HTML file.", default: "turing.html"),
                .value("machine", "WHICH", help: "gns (parse the target, then new tokens of its types, as gns exemplars) or token-noise (a stand-in: token noise on the drawer's own strokes).", default: "gns"),
            ]
        )
    ) { arguments in
        let (trials, seed) = try trialsAndSeed(arguments, default: 12, most: 200, command: "turing")
        let out = arguments.string("out") ?? "turing.html"
        let which = arguments.string("machine") ?? "gns"
        guard ["gns", "token-noise"].contains(which) else {
            throw ArgumentError.invalidValue(option: "--machine", value: which, expected: "gns or token-noise", command: "turing")
        }
        return writePage(command: "turing", to: out) {
            let dataset = try OmniglotDataset(.background, in: try OmniglotDirectory.resolve(option: arguments.string("data")))
            let programs = try CharacterPrograms.directory(explicit: arguments.string("programs"))
            let machine: any ExemplarSource = which == "gns" ? try ParsedExemplars(programs: programs) : try TokenNoiseExemplars(programs: programs)
            let chosen = try TuringTest.trials(from: dataset, count: trials, seed: seed, machine: machine)
            return (try TuringTest.html(trials: chosen, machineDescription: machine.description), "\(trials) trials; machine: \(machine.description)")
        }
    }

    /// `--trials` (1...`most`) and `--seed` (non-negative), checked.
    private static func trialsAndSeed(_ arguments: ParsedArguments, default count: Int, most: Int,
                                      command: String) throws -> (trials: Int, seed: UInt64) {
        let (trials, seed) = (try arguments.int("trials") ?? count, try arguments.int("seed") ?? 0)
        guard (1...most).contains(trials) else {
            throw ArgumentError.invalidValue(option: "--trials", value: String(trials), expected: "an integer in 1...\(most)", command: command)
        }
        guard seed >= 0 else {
            throw ArgumentError.invalidValue(option: "--seed", value: String(seed), expected: "a non-negative integer", command: command)
        }
        return (trials, UInt64(seed))
    }

    /// Makes a page with `make` and writes it to `path`, reporting what was written; any failure is reported
    /// naming the command, exit status 1.
    private static func writePage(command: String, to path: String, _ make: () throws -> (html: String, summary: String)) -> Int32 {
        do {
            let (html, summary) = try make()
            try html.write(toFile: path, atomically: true, encoding: .utf8)
            print("wrote \(path): \(summary)")
            return 0
        } catch {
            standardError("gns \(command): \(error)")
            return 1
        }
    }
}
