import OmniglotData

/// One trial of one-shot classification: a test image and the training images it is told apart from.
public struct ClassificationTrial: Sendable, Hashable {
    /// The official run (1...20).
    public let run: Int
    /// The test image's path in the runs container (`run01/test/item01.png`).
    public let test: String
    /// The training image of the test image's class.
    public let truth: String
    /// The candidate training images, sorted (the official demo's order, which breaks ties).
    public let candidates: [String]

    /// `run 3 item07`: how messages name the trial.
    public var name: String { Self.name(run: run, test: test) }

    /// How messages, results files and merges name the trial of `test` (a path or its short name) in `run`.
    public static func name(run: Int, test: String) -> String { "run \(run) \(shortName(test))" }

    /// An image path's file name without `.png` (`class08`), as results files store it.
    public static func shortName(_ path: String) -> String {
        let file = path.split(separator: "/").last.map(String.init) ?? path
        return file.hasSuffix(".png") ? String(file.dropLast(4)) : file
    }
}

/// Which trials a classification covers: some runs, optionally only their first classes, optionally one shard.
public struct TrialSelection: Sendable, Equatable {
    /// Run numbers, ascending.
    public var runs: [Int]
    /// How many classes of each run take part (the first `classes` lines of `class_labels.txt`); 20 is the task.
    public var classes: Int
    /// This process's shard: `index` of `count` (1-based), contiguous blocks of the trial list.
    public var shard: (index: Int, count: Int)

    /// All 20 runs, all 20 classes, one shard.
    public init(runs: [Int] = Array(1...20), classes: Int = 20, shard: (index: Int, count: Int) = (1, 1)) {
        self.runs = runs
        self.classes = classes
        self.shard = shard
    }

    public static func == (a: TrialSelection, b: TrialSelection) -> Bool {
        a.runs == b.runs && a.classes == b.classes && a.shard == b.shard
    }

    /// Every trial of the runs and classes, ignoring the shard, in run order then `class_labels.txt` order.
    public func allTrials(of data: OneShotRuns) throws(ClassificationError) -> [ClassificationTrial] {
        var trials: [ClassificationTrial] = []
        for number in runs {
            guard let run = data.runs.first(where: { $0.number == number }) else {
                let present = data.runs.map(\.number)
                throw .invalidOption(option: "--runs", value: "\(number)",
                                     reason: "the data holds runs \(present.first ?? 0)-\(present.last ?? 0)")
            }
            guard classes <= run.pairs.count else {
                throw .invalidOption(option: "--classes", value: "\(classes)", reason: "run \(number) has \(run.pairs.count) classes")
            }
            let pairs = run.pairs.prefix(classes)
            let candidates = pairs.map(\.training).sorted()
            trials += pairs.map { ClassificationTrial(run: number, test: $0.test, truth: $0.training, candidates: candidates) }
        }
        return trials
    }

    /// This shard's trials: block `index` of `count` near-equal contiguous blocks of ``allTrials(of:)``.
    /// Contiguous blocks keep a run's trials together, so a shard parses few images (the GNS method's parses
    /// are per image and shared by the trials of a run).
    public func trials(of data: OneShotRuns) throws(ClassificationError) -> [ClassificationTrial] {
        let all = try allTrials(of: data)
        return Array(all[Self.block(shard.index, of: shard.count, total: all.count)])
    }

    /// The half-open range of block `index` (1-based) of `count` near-equal blocks of `total` items.
    static func block(_ index: Int, of count: Int, total: Int) -> Range<Int> {
        (total * (index - 1) / count)..<(total * index / count)
    }

    /// Parses `--runs`: `N`, `A-B` or a comma-separated list of them, each run in 1...20, no repeats.
    public static func parseRuns(_ text: String) throws(ClassificationError) -> [Int] {
        let invalid = { (reason: String) in ClassificationError.invalidOption(option: "--runs", value: text, reason: reason) }
        var runs: [Int] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let bounds = part.split(separator: "-", omittingEmptySubsequences: false).map { Int($0) }
            guard (1...2).contains(bounds.count), let low = bounds.first!, let high = bounds.last! else {
                throw invalid("expected run numbers like 1-20, 3 or 1,4,7-9")
            }
            guard low <= high else { throw invalid("the range \(low)-\(high) is empty") }
            guard low >= 1, high <= 20 else { throw invalid("runs are numbered 1 to 20") }
            runs += Array(low...high)
        }
        guard Set(runs).count == runs.count else { throw invalid("a run is listed twice") }
        return runs.sorted()
    }

    /// Parses `--shard i/n` with 1 <= i <= n.
    public static func parseShard(_ text: String) throws(ClassificationError) -> (index: Int, count: Int) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, let index = Int(parts[0]), let count = Int(parts[1]) else {
            throw .invalidOption(option: "--shard", value: text, reason: "expected i/n, e.g. 3/20")
        }
        guard count >= 1, (1...count).contains(index) else {
            throw .invalidOption(option: "--shard", value: text, reason: "needs 1 <= i <= n")
        }
        return (index, count)
    }

    /// Parses `--classes K`, 2 <= K <= 20.
    public static func parseClasses(_ text: String) throws(ClassificationError) -> Int {
        guard let classes = Int(text), (2...20).contains(classes) else {
            throw .invalidOption(option: "--classes", value: text, reason: "expected a number of classes from 2 to 20")
        }
        return classes
    }
}
