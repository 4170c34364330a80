import Arguments
import CharacterModel
import CharacterTasks
import Foundation
import Images
import Kernels
import OmniglotData
import Random
import Render

/// `gns parse`, `gns exemplars` and `gns likelihood`: the tasks that start from one image of a character.
extension Commands {
    /// Options every image task shares: where the image comes from, the model, and the parser's settings.
    static let imageTaskOptions: [OptionSpec] = [
        dataOption(context: "With --alphabet or --run: "),
        .value("set", "NAME", help: "With --alphabet: background or evaluation.", default: "background"),
        .value("alphabet", "NAME", help: "Take the image of a drawing in the data: its alphabet (with --character, --drawer)."),
        .value("character", "N", help: "With --alphabet: the character number."),
        .value("drawer", "N", help: "With --alphabet: the drawer 1...20.", default: "1"),
        .value("run", "R", help: "Take an image of one-shot run R (1...20), with --test I or --train I."),
        .value("test", "I", help: "With --run: test image I (1...20)."),
        .value("train", "I", help: "With --run: training image I (1...20)."),
        .flag("human-strokes", help: "With --alphabet: parse from the drawing's own strokes instead of bottom-up proposals (a check of the search and refinement)."),
        .value("walks", "N", help: "Random walks on the skeleton graph that propose stroke sets (BPL: 150).", default: "150"),
        .value("proposals-limit", "N", help: "Most distinct proposals (first found first) ordered by the type prior.", default: "40"),
        .value("parses", "K", help: "How many parses are refined and kept.", default: "5"),
        .value("beam", "W", help: "Beam width of the stroke order and direction search.", default: "4"),
        .value("iterations", "N", help: "L-BFGS iterations per parse.", default: "30"),
        .value("seed", "N", help: "Random seed (proposals, exemplars).", default: "0"),
        .value("programs", "DIR", help: "Folder with character.gns and the files it imports; default $GNS_PROGRAMS, else the checkout's Programs/."),
        ScriptBuiltins.weightsOption,
    ]

    static let parse = Subcommand(
        CommandSpec(
            name: "parse",
            summary: "Parse a 105x105 character image into K strokes-and-token explanations, drawn beside their reconstructions.",
            positionals: [PositionalSpec("IMAGE", help: "A 105x105 PNG (colour is converted to grey ink; see README), unless taken from the data.", optional: true)],
            options: imageTaskOptions + [
                .value("out", "FILE", help: "Output PNG: the image, then each parse's strokes (coloured in order, dots at starts) and reconstruction.", default: "parses.png"),
                .value("json", "FILE", help: "Also write every parse's choices, scores and weights as JSON."),
                .flag("proposals", help: "Also draw the bottom-up proposals into FILE-proposals.png beside --out."),
            ]
        )
    ) { arguments in
        let session = try ImageTaskSession(arguments, command: "parse")
        let out = arguments.string("out") ?? "parses.png"
        let target = try session.images(arguments.positional("IMAGE").map { [$0] } ?? [])[0]
        let (parses, proposals) = try session.parse(target)
        try PNG.write(ParseSheet.raster(image: target.image, parses: parses), to: out)
        standardError("wrote \(out)")
        if arguments.flag("proposals"), let proposals {
            let path = ((out as NSString).deletingPathExtension as String) + "-proposals.png"
            try PNG.write(ProposalSheet.raster(image: target.image, proposals: proposals), to: path)
            standardError("wrote \(path)")
        }
        for (k, parse) in parses.enumerated() {
            print(String(format: "parse %d: log P(type, token, image) %.2f (from %.2f before refinement), weight %.4f, %d strokes, candidate %d",
                         k + 1, parse.logScore, parse.startLogScore, parse.weight, parse.character.strokes.count, parse.candidate + 1))
        }
        if let json = arguments.string("json") {
            try ParseReport.json(label: target.label, parses: parses).write(toFile: json, atomically: true, encoding: .utf8)
            standardError("wrote \(json)")
        }
        return 0
    }

    static let exemplars = Subcommand(
        CommandSpec(
            name: "exemplars",
            summary: "Draw new exemplars of characters seen once: parse each image, then sample tokens of its parses' types.",
            positionals: [PositionalSpec("IMAGE", help: "105x105 PNGs, one row each, unless taken from the data.", optional: true, repeats: true)],
            options: imageTaskOptions + [
                .value("targets", "A,B", help: "More target images (PNG paths), laid out one row each after IMAGE."),
                .value("count", "N", help: "Exemplars per target.", default: "9"),
                .value("temperature", "T", help: "Temperature on the parses' log weights.", default: "8"),
                .value("out", "FILE", help: "Output PNG: a row per target, the target then its exemplars.", default: "exemplars.png"),
            ]
        )
    ) { arguments in
        let session = try ImageTaskSession(arguments, command: "exemplars")
        let count = try arguments.int("count") ?? 9
        let temperature = try arguments.double("temperature") ?? 8
        guard (1...100).contains(count), temperature > 0 else {
            throw ArgumentError.invalidValue(option: count < 1 || count > 100 ? "--count" : "--temperature",
                                             value: count < 1 || count > 100 ? "\(count)" : "\(temperature)",
                                             expected: count < 1 || count > 100 ? "an integer in 1...100" : "a positive number", command: "exemplars")
        }
        var sampler = try ExemplarSampler(programs: session.programs)
        sampler.temperature = temperature
        let out = arguments.string("out") ?? "exemplars.png"
        var rows: [(image: BinaryImage, exemplars: [CharacterSample])] = []
        for target in try session.images(arguments.repeated + (arguments.list("targets") ?? [])) {
            let parses = try session.parse(target).parses
            rows.append((target.image, try sampler.exemplars(of: parses, count: count, seed: session.seed)))
            standardError("\(target.label): \(count) exemplars from \(parses.count) parses (probabilities "
                          + sampler.parseProbabilities(parses).map { String(format: "%.2f", $0) }.joined(separator: ", ") + ")")
        }
        try PNG.write(ParseSheet.raster(targets: rows), to: out)
        standardError("wrote \(out)")
        return 0
    }

    static let likelihood = Subcommand(
        CommandSpec(
            name: "likelihood",
            summary: "Laplace lower bound on the marginal likelihood log P(image) of character images (nats, and per pixel).",
            positionals: [PositionalSpec("IMAGE", help: "105x105 PNGs, unless taken from the data (--sample or --alphabet/--run).", optional: true, repeats: true)],
            options: imageTaskOptions + [
                .value("sample", "N", help: "Score N images of the one-shot runs (evaluation characters), drawn without replacement by --seed."),
                .value("parse-cache", "FILE", help: "Score the images of a gns classify parse cache (RESULTS.parses.jsonl) from their cached parses, in file order, without parsing again."),
                .value("limit", "N", help: "With --parse-cache: only the first N images."),
                .value("out", "FILE", help: "With --parse-cache: also write each image's line to FILE (tab-separated, with the header) as it is done."),
                .flag("resume", help: "With --out: keep the images already in FILE, score the rest, and summarise the whole file."),
            ]
        )
    ) { arguments in
        if let cache = arguments.string("parse-cache") { return try likelihoodOfCachedParses(cache, arguments: arguments) }
        let session = try ImageTaskSession(arguments, command: "likelihood")
        var targets = try arguments.repeated.isEmpty && arguments.string("sample") != nil ? [] : session.images(arguments.repeated)
        if let count = try arguments.int("sample") {
            targets += try session.runSample(count)
        }
        var values: [Double] = []
        print(likelihoodHeader)
        for target in targets {
            let started = Date()
            let parses = try session.parse(target).parses
            let bound = try LaplaceLikelihood(parses: parses)
            values.append(bound.logLikelihood)
            print(likelihoodLine(target.label, bound, seconds: Date().timeIntervalSince(started)))
        }
        printLikelihoodSummary(values)
        return 0
    }

    static let likelihoodHeader = "image\tlog P(I) nats\tper pixel\tparses with a Laplace term\tdirections curving up / dimensions\tseconds"

    static func likelihoodLine(_ label: String, _ bound: LaplaceLikelihood, seconds: Double) -> String {
        String(format: "%@\t%.2f\t%.5f\t%d/%d\t%d/%d\t%.1f", label, bound.logLikelihood, bound.perPixel,
               bound.terms.compactMap { $0 }.count, bound.terms.count,
               bound.upwardCurvatures.reduce(0, +), bound.dimensions.reduce(0, +), seconds)
    }

    /// A results file of tab-separated lines under a header, each line appended (and flushed) as it is made; with
    /// `resume`, the lines already there are kept (`rows`, split into fields) and the run continues after them. A
    /// last line cut short by a kill (no newline) is dropped from the file, so its item is done again.
    final class TabbedResults {
        private let handle: FileHandle?
        private(set) var rows: [[String]] = []

        /// The first field of every kept row (what each line is about).
        var done: Set<String> { Set(rows.map { $0[0] }) }

        init(path: String?, header: String, resume: Bool, command: String) throws {
            guard let path else {
                if resume { throw ArgumentError.missingValue(option: "--out", valueName: "FILE (to resume)", command: command) }
                handle = nil
                return
            }
            let manager = FileManager.default
            if resume, manager.fileExists(atPath: path) {
                var text = try String(contentsOfFile: path, encoding: .utf8)
                if !text.isEmpty, !text.hasSuffix("\n") {
                    text = String(text[..<(text.lastIndex(of: "\n").map { text.index(after: $0) } ?? text.startIndex)])
                    try text.write(toFile: path, atomically: true, encoding: .utf8)
                }
                let lines = text.split(separator: "\n")
                guard lines.first.map(String.init) == header else {
                    throw ArgumentError.invalidValue(option: "--out", value: path, expected: "a results file of this command (its header differs)", command: command)
                }
                let width = header.split(separator: "\t").count
                rows = lines.dropFirst().map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
                if let bad = rows.firstIndex(where: { $0.count != width }) {
                    throw ArgumentError.invalidValue(option: "--out", value: path,
                                                     expected: "a results file of this command (line \(bad + 2) has \(rows[bad].count) fields, not \(width))",
                                                     command: command)
                }
            } else {
                guard manager.createFile(atPath: path, contents: Data((header + "\n").utf8)) else {
                    throw ArgumentError.invalidValue(option: "--out", value: path, expected: "a file that can be written", command: command)
                }
            }
            handle = FileHandle(forWritingAtPath: path)
            _ = try handle?.seekToEnd()
        }

        func append(_ line: String) throws {
            try handle?.write(contentsOf: Data((line + "\n").utf8))
        }
    }

    /// `gns likelihood --parse-cache FILE`: the bound of each cached image from its parses, rebuilt as runs of
    /// `generate_character` (their scores checked against the cached ones).
    static func likelihoodOfCachedParses(_ path: String, arguments: ParsedArguments) throws -> Int32 {
        let limit = try arguments.int("limit") ?? .max
        guard limit >= 1 else { throw ArgumentError.invalidValue(option: "--limit", value: "\(limit)", expected: "a positive integer", command: "likelihood") }
        let results = try TabbedResults(path: arguments.string("out"), header: likelihoodHeader, resume: arguments.flag("resume"), command: "likelihood")
        let done = results.done
        let entries = Array(try ParseCache.entries(at: path).prefix(limit)).filter { !done.contains($0.image) }
        let runs = try OneShotRuns(in: try OmniglotDirectory.resolve(option: arguments.string("data")))
        let refinement = try CharacterParser(networks: try TypePriorNetworks.load(from: arguments.string("weights")),
                                             programs: try CharacterPrograms.directory(explicit: arguments.string("programs"))).refinement
        var values = results.rows.compactMap { Double($0[1]) }
        print(likelihoodHeader)
        // A few images at a time over the cores, each line printed as its group finishes, so a long run shows
        // its results as it goes and an interrupted one keeps what it printed.
        let group = ProcessInfo.processInfo.activeProcessorCount
        for first in stride(from: 0, to: entries.count, by: group) {
            let chunk = first..<min(first + group, entries.count)
            let bounds = try Parallel.map(chunk) { (index: Int) throws -> (LaplaceLikelihood, Double) in
                let (entry, started) = (entries[index], Date())
                let image = try BinaryImage(raster: try runs.image(entry.image), path: entry.image)
                let traces = try entry.parses.map { try $0.run(of: refinement.model, image: image) }
                for (trace, parse) in zip(traces, entry.parses) where abs(trace.score - parse.logScore) > 1e-6 * max(1, abs(parse.logScore)) {
                    throw CharacterTaskError.inconsistentCache(path: path, image: entry.image, cached: parse.logScore, rebuilt: trace.score)
                }
                return (try LaplaceLikelihood(runs: traces), Date().timeIntervalSince(started))
            }
            for (index, (bound, seconds)) in zip(chunk, bounds) {
                values.append(bound.logLikelihood)
                let line = likelihoodLine(entries[index].image, bound, seconds: seconds)
                print(line)
                try results.append(line)
            }
            progressLine("  images \(chunk.upperBound)/\(entries.count)", done: chunk.upperBound == entries.count)
        }
        printLikelihoodSummary(values)
        return 0
    }

    static func printLikelihoodSummary(_ values: [Double]) {
        let mean = Commands.mean(values)
        let variance = values.count > 1 ? values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(values.count - 1) : 0
        print(String(format: "mean over %d images: %.2f nats (standard error %.2f), %.5f nats per pixel; the paper: -383.2 nats over 1000 evaluation images",
                     values.count, mean, (variance / Double(values.count)).squareRoot(), mean / Double(Coordinates.canvasSize * Coordinates.canvasSize)))
    }
}

/// An image to work on, with a label for messages and, for a drawing in the data, its human strokes.
struct TargetImage {
    let image: BinaryImage
    let label: String
    let humanStrokes: [[SIMD2<Double>]]?
}

/// What the image commands share: the options read once, the parser built once.
struct ImageTaskSession {
    let arguments: ParsedArguments
    let command: String
    let programs: String
    let parser: CharacterParser
    let seed: UInt64

    init(_ arguments: ParsedArguments, command: String) throws {
        self.arguments = arguments
        self.command = command
        func count(_ name: String, _ fallback: Int, _ range: ClosedRange<Int>) throws -> Int {
            let value = try arguments.int(name) ?? fallback
            guard range.contains(value) else {
                throw ArgumentError.invalidValue(option: "--" + name, value: "\(value)", expected: "an integer in \(range.lowerBound)...\(range.upperBound)", command: command)
            }
            return value
        }
        seed = UInt64(try count("seed", 0, 0...Int.max))
        let parses = try count("parses", 5, 1...50), beam = try count("beam", 4, 1...1000), iterations = try count("iterations", 30, 1...10_000)
        programs = try CharacterPrograms.directory(explicit: arguments.string("programs"))
        let networks = try TypePriorNetworks.load(from: arguments.string("weights"))
        var parser = try CharacterParser(networks: networks, programs: programs, beamWidth: beam, iterations: iterations)
        parser.parseCount = parses
        parser.walks = try count("walks", parser.walks, 1...10_000)
        parser.proposalLimit = try count("proposals-limit", parser.proposalLimit, 1...1000)
        self.parser = parser
    }

    /// The images named by `paths`, else the one the data options name; a usage error if there is none.
    func images(_ paths: [String]) throws -> [TargetImage] {
        var targets = try paths.map { TargetImage(image: try BinaryImage(raster: try PNG.read(path: $0), path: $0), label: $0, humanStrokes: nil) }
        if let alphabet = arguments.string("alphabet") {
            guard let character = try arguments.int("character") else {
                throw ArgumentError.missingValue(option: "--character", valueName: "N", command: command)
            }
            let setName = arguments.string("set") ?? "background"
            guard let set = OmniglotSet(rawValue: setName) else {
                throw ArgumentError.invalidValue(option: "--set", value: setName, expected: "background or evaluation", command: command)
            }
            let dataset = try OmniglotDataset(set, in: try OmniglotDirectory.resolve(option: arguments.string("data")))
            let drawing = try DrawingChoice(alphabet: alphabet, character: character, drawer: try arguments.int("drawer") ?? 1).find(in: dataset)
            let human = drawing.strokePath == nil ? nil : try StrokePreprocessing().splines(try dataset.strokes(of: drawing), label: drawing.key).filter { $0.count >= 2 }
            targets.append(TargetImage(image: try BinaryImage(raster: try dataset.image(of: drawing), path: drawing.imagePath),
                                       label: drawing.key, humanStrokes: human))
        }
        if let run = try arguments.int("run") {
            let test = try arguments.int("test"), train = try arguments.int("train")
            guard (test == nil) != (train == nil) else {
                throw ArgumentError.invalidValue(option: "--run", value: "\(run)", expected: "one of --test I or --train I with it", command: command)
            }
            let runs = try OneShotRuns(in: try OmniglotDirectory.resolve(option: arguments.string("data")))
            guard let chosen = runs.runs.first(where: { $0.number == run }) else {
                throw ArgumentError.invalidValue(option: "--run", value: "\(run)", expected: "a run number 1...\(runs.runs.count)", command: command)
            }
            let list = test != nil ? chosen.testImages : chosen.trainingImages
            let index = test ?? train!
            guard (1...list.count).contains(index) else {
                throw ArgumentError.invalidValue(option: test != nil ? "--test" : "--train", value: "\(index)",
                                                 expected: "an image number 1...\(list.count)", command: command)
            }
            targets.append(TargetImage(image: try BinaryImage(raster: try runs.image(list[index - 1]), path: list[index - 1]),
                                       label: list[index - 1], humanStrokes: nil))
        }
        guard !targets.isEmpty else {
            throw ArgumentError.missingPositional("IMAGE (or --alphabet/--character, or --run with --test/--train)", command: command)
        }
        if arguments.flag("human-strokes"), targets.contains(where: { $0.humanStrokes == nil }) {
            throw ArgumentError.invalidValue(option: "--human-strokes", value: "", expected: "an image from --alphabet with strokes in the data", command: command)
        }
        return targets
    }

    /// `count` images of the one-shot runs (their 800 training and test images), drawn without replacement by the seed.
    func runSample(_ count: Int) throws -> [TargetImage] {
        let runs = try OneShotRuns(in: try OmniglotDirectory.resolve(option: arguments.string("data")))
        let paths = runs.runs.flatMap { $0.trainingImages + $0.testImages }.sorted()
        guard (1...paths.count).contains(count) else {
            throw ArgumentError.invalidValue(option: "--sample", value: "\(count)", expected: "an integer in 1...\(paths.count)", command: command)
        }
        var generator = SeededGenerator(seed: seed)
        var order = Array(paths.indices)
        for i in stride(from: order.count - 1, to: 0, by: -1) { order.swapAt(i, Int(generator.next() % UInt64(i + 1))) }
        return try order.prefix(count).sorted().map { i in
            TargetImage(image: try BinaryImage(raster: try runs.image(paths[i]), path: paths[i]), label: paths[i], humanStrokes: nil)
        }
    }

    /// The parses of `target` and the bottom-up proposals they came from (none with `--human-strokes`), with
    /// progress and timings on standard error.
    func parse(_ target: TargetImage) throws -> (parses: [CharacterParse], proposals: ProposalSet?) {
        let started = Date()
        let candidates: [[[SIMD2<Double>]]], proposals: ProposalSet?
        if arguments.flag("human-strokes"), let human = target.humanStrokes {
            (candidates, proposals) = ([human], nil)
        } else {
            proposals = try parser.proposals(for: target.image, seed: seed)
            candidates = parser.candidates(from: proposals!)
        }
        standardError(String(format: "%@: %d candidate stroke sets (%.2f s)", target.label, candidates.count, Date().timeIntervalSince(started)))
        let parses = try parser.parse(target.image, candidates: candidates) { line in
            standardError(String(format: "%@: %@ (%.2f s)", target.label, line, Date().timeIntervalSince(started)))
        }
        return (parses, proposals)
    }
}
