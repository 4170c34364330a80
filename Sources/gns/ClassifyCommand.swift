import Arguments
import CharacterModel
import CharacterTasks
import Foundation
import Images
import OmniglotData

/// `gns classify`: one-shot classification on the official 20 runs, resumable, shardable and mergeable.
enum ClassifyCommand {
    static let classify = Subcommand(
        CommandSpec(
            name: "classify",
            summary: "One-shot classification on the 20 official within-alphabet runs (error per run and overall).",
            positionals: [PositionalSpec("FILE", help: "With --merge: the shards' results files.", optional: true, repeats: true)],
            options: [
                Commands.dataOption(),
                .value("runs", "RANGE", help: "Runs to classify: N, A-B or a comma list of them.", default: "1-20"),
                .value("classes", "K", help: "Use only the first K classes of each run (K-way trials; a small slice for tests).", default: "20"),
                .value("method", "NAME", help: "gns (the model's two-way score) or hausdorff (the official modified Hausdorff baseline).", default: "gns"),
                .value("shard", "I/N", help: "Classify only block I of N near-equal contiguous blocks of the trials.", default: "1/1"),
                .value("out", "FILE", help: "Results file: one JSON line per trial, written as each is decided.", default: "results.jsonl"),
                .flag("resume", help: "Continue the results file (after a kill): decided trials are kept, the rest computed."),
                .flag("merge", help: "Combine the shards' results FILEs (each trial exactly once) and print the table."),
                .value("figure", "PNG", help: "Also draw the wrong trials (up to 40): the test image, and for the true and the best wrong class their image, best refit to the test image and its reconstruction (with --merge: the best-scored classes' images)."),
                .value("refit-iterations", "N", help: "gns: L-BFGS iterations per refit of a parse to another image.", default: "150"),
                .value("refit-blur", "SIGMA", help: "gns: blur sigma at the start of every refit, inside token.gns's (0.5, 16); the reference resets it to 16.", default: "2"),
                .value("refit-epsilon", "E", help: "gns: pixel noise at the start of every refit, inside token.gns's (0.0001, 0.5); the reference resets it to 0.5.", default: "0.01"),
                .value("programs", "DIR", help: "gns: the programs root (Programs/); default $GNS_PROGRAMS, else the checkout's Programs/."),
            ]
        )
    ) { arguments in
        // A failure mid-run starts its message on a new line, after the progress bar.
        var barShown = false
        do {
            // Every option is checked before the data is read, so a typo fails at once.
            let selection = try selection(arguments)
            let method = try method(arguments)
            let files = arguments.repeated
            if arguments.flag("merge") {
                guard !files.isEmpty else {
                    throw ClassificationError.invalidOption(option: "--merge", value: "", reason: "name the shards' results files after it")
                }
                guard selection.shard == (1, 1), !arguments.flag("resume") else {
                    throw ClassificationError.invalidOption(option: arguments.flag("resume") ? "--resume" : "--shard", value: arguments.string("shard") ?? "",
                                                            reason: "a merge covers all shards; pass only --runs and --classes as the shards had them")
                }
            } else if let file = files.first {
                throw ClassificationError.invalidOption(option: "FILE", value: file, reason: "results files are read only with --merge")
            }
            let data = try OneShotRuns(in: try OmniglotDirectory.resolve(option: arguments.string("data")))
            let classification = try OneShotClassification(data: data, selection: selection)
            if let figure = arguments.string("figure") { try Commands.checkOutput(figure, option: "figure", command: "classify") }
            if arguments.flag("merge") {
                // A glob such as shard-*.jsonl also matches each shard's parse cache (shard-1.parses.jsonl).
                let caches = Set(files.map(ParseCache.path(beside:))).intersection(files)
                for cache in caches.sorted() { standardError("gns classify: skipping \(cache), a parse cache beside the results") }
                let records = try classification.merge(files.filter { !caches.contains($0) })
                print(ErrorTable(records).text)
                try drawErrors(records, data: data, to: arguments.string("figure"))
                return 0
            }
            let out = arguments.string("out") ?? "results.jsonl"
            let scorer = try scorer(method, data: data, arguments: arguments, out: out)
            var latest: ClassificationProgress?
            (scorer as? GNSScorer)?.parsing = { path in
                guard let latest else { return }
                progressBar(latest, doing: "parsing \(path)")
            }
            standardError("gns classify: \(method.rawValue), \(classification.trials.count) trials (runs \(arguments.string("runs") ?? "1-20"), "
                          + "\(selection.classes) classes, shard \(selection.shard.index)/\(selection.shard.count)) -> \(out)")
            let records = try classification.run(scorer, resultsPath: out, resume: arguments.flag("resume")) { progress in
                latest = progress
                progressBar(progress)
                barShown = true
            }
            FileHandle.standardError.write(Data("\n".utf8))
            print(ErrorTable(records).text)
            if let report = scorer.stageReport { standardError("gns classify: \(report)") }
            try drawErrors(records, data: data, to: arguments.string("figure"), refits: (scorer as? GNSScorer)?.bestRefit)
            return 0
        } catch {
            if barShown { FileHandle.standardError.write(Data("\n".utf8)) }
            guard let error = error as? ClassificationError else { throw error }
            standardError("gns classify: \(error)")
            return error.isUsageError ? 2 : 1
        }
    }

    /// Draws the first 40 wrong trials of `records` into `path`, if given (with the model's refits when it has them).
    private static func drawErrors(_ records: [TrialRecord], data: OneShotRuns, to path: String?, refits: TrialFigure.Refits? = nil) throws {
        guard let path else { return }
        let wrong = records.filter { !$0.correct }
        guard !wrong.isEmpty else {
            standardError("gns classify: every trial is right; no figure written to \(path)")
            return
        }
        try PNG.write(try TrialFigure.raster(Array(wrong.prefix(40)), data: data, refits: refits), to: path)
        standardError("gns classify: wrote \(path) (\(min(wrong.count, 40)) of \(wrong.count) wrong trials)")
    }

    /// The runs, classes and shard from the options.
    private static func selection(_ arguments: ParsedArguments) throws(ClassificationError) -> TrialSelection {
        TrialSelection(runs: try TrialSelection.parseRuns(arguments.string("runs") ?? "1-20"),
                       classes: try TrialSelection.parseClasses(arguments.string("classes") ?? "20"),
                       shard: try TrialSelection.parseShard(arguments.string("shard") ?? "1/1"))
    }

    private static func method(_ arguments: ParsedArguments) throws(ClassificationError) -> ClassificationMethod {
        let name = arguments.string("method") ?? "gns"
        guard let method = ClassificationMethod(rawValue: name) else {
            throw .invalidOption(option: "--method", value: name,
                                 reason: "expected " + ClassificationMethod.allCases.map(\.rawValue).joined(separator: " or "))
        }
        return method
    }

    private static func scorer(_ method: ClassificationMethod, data: OneShotRuns, arguments: ParsedArguments, out: String) throws -> any TrialScorer {
        switch method {
        case .hausdorff:
            return HausdorffScorer(data: data)
        case .gns:
            let programs = try CharacterPrograms.directory(explicit: arguments.string("programs"))
            let parser = try CharacterParser(networks: try TypePriorNetworks.bundled(), programs: programs)
            var refit = try TokenRefit(programs: programs)
            refit.iterations = try arguments.int("refit-iterations") ?? refit.iterations
            guard refit.iterations >= 1 else {
                throw ClassificationError.invalidOption(option: "--refit-iterations", value: "\(refit.iterations)", reason: "needs at least 1")
            }
            refit.startBlur = try startValue(arguments, "refit-blur", default: refit.startBlur, inside: 0.5...16)
            refit.startEpsilon = try startValue(arguments, "refit-epsilon", default: refit.startEpsilon, inside: 0.0001...0.5)
            let cache = try ParseCache(beside: out, resume: arguments.flag("resume"))
            return GNSScorer(data: data, refit: refit, cache: cache) { image in
                try parser.parse(image, seed: 0).map(ImageParse.init)
            }
        }
    }

    /// A refit's start value of a bounded token choice: strictly inside its bounds, where the optimiser's
    /// transform of the choice is finite.
    private static func startValue(_ arguments: ParsedArguments, _ name: String, default fallback: Double,
                                   inside bounds: ClosedRange<Double>) throws -> Double {
        let value = try arguments.double(name) ?? fallback
        guard value > bounds.lowerBound, value < bounds.upperBound else {
            throw ClassificationError.invalidOption(option: "--" + name, value: "\(value)",
                                                    reason: "must lie strictly between \(bounds.lowerBound) and \(bounds.upperBound)")
        }
        return value
    }

    /// `[#########...........] 180/400 trials  2m10s elapsed  ~2m39s left` on standard error; `doing` names the
    /// step under way when it is long enough to show (parsing an image).
    private static func progressBar(_ progress: ClassificationProgress, doing: String? = nil) {
        let width = 30
        let filled = progress.total == 0 ? width : width * progress.done / progress.total
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        progressLine("[\(bar)] \(progress.done)/\(progress.total) trials  \(duration(progress.elapsed)) elapsed  ~\(duration(progress.secondsLeft)) left"
                     + (doing.map { "  (\($0))" } ?? ""))
    }
}
