import Images

/// One of the twenty official within-alphabet one-shot classification runs (evaluation-set characters).
public struct OneShotRun: Sendable {
    /// Run number 1...20 (from `runNN`).
    public let number: Int
    /// Paths inside `all_runs` of the twenty training images (one per class), sorted.
    public let trainingImages: [String]
    /// Paths of the twenty test images, sorted.
    public let testImages: [String]
    /// For each test image, the training image of the same class, in `class_labels.txt` order.
    public let pairs: [(test: String, training: String)]
}

/// The official one-shot classification runs from `all_runs.zip` (or the unpacked `all_runs/` folder).
public struct OneShotRuns: Sendable {
    /// The runs, sorted by number.
    public let runs: [OneShotRun]
    let container: FileContainer

    /// Reads every run's file list and `class_labels.txt` from `directory`.
    public init(in directory: OmniglotDirectory) throws(OmniglotError) {
        guard let container = try directory.container("all_runs") else {
            throw .missingSet(set: "one-shot runs", directory: directory.path, expected: ["all_runs"])
        }
        try self.init(container: container)
    }

    init(container: FileContainer) throws(OmniglotError) {
        self.container = container
        let files = try container.filePaths()
        // Folder form: paths start with "all_runs/"; the zip's entries start with "runNN/" directly.
        let prefix = container.isArchive ? "" : "all_runs/"
        var runNames = Set<String>()
        for path in files where path.hasPrefix(prefix) {
            let relative = path.dropFirst(prefix.count)
            if let first = relative.split(separator: "/").first, first.hasPrefix("run") { runNames.insert(String(first)) }
        }
        var runs: [OneShotRun] = []
        for runName in runNames.sorted() {
            guard let number = Int(runName.dropFirst(3)) else { continue }
            let base = prefix + runName
            let training = files.filter { $0.hasPrefix(base + "/training/") && $0.hasSuffix(".png") }
            let test = files.filter { $0.hasPrefix(base + "/test/") && $0.hasSuffix(".png") }
            let labelsPath = base + "/class_labels.txt"
            let text = String(decoding: try container.read(labelsPath), as: UTF8.self)
            var pairs: [(test: String, training: String)] = []
            for (offset, rawLine) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
                let line = rawLine.trimmingCharacters(in: " \t\r")
                if line.isEmpty { continue }
                let fields = line.split(separator: " ").map(String.init)
                let display = container.displayPath(labelsPath)
                guard fields.count == 2 else {
                    throw .malformedRun(path: display, line: offset + 1, content: line, reason: "expected 'TEST_IMAGE TRAINING_IMAGE'")
                }
                let pair = (test: prefix + fields[0], training: prefix + fields[1])
                guard test.contains(pair.test), training.contains(pair.training) else {
                    throw .malformedRun(path: display, line: offset + 1, content: line, reason: "names an image not in the run")
                }
                pairs.append(pair)
            }
            runs.append(OneShotRun(number: number, trainingImages: training, testImages: test, pairs: pairs))
        }
        self.runs = runs
    }

    /// Decodes a run image (a path from ``OneShotRun``).
    public func image(_ path: String) throws(OmniglotError) -> Raster {
        let bytes = try container.read(path)
        do {
            return try PNG.decode(bytes, path: container.displayPath(path))
        } catch {
            throw .image(error)
        }
    }
}
