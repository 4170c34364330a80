import Foundation
import OmniglotData

/// A way of scoring a trial's candidates: the official baseline or the GNS model.
public protocol TrialScorer {
    /// The method recorded with each decision.
    var method: ClassificationMethod { get }
    /// The candidates' scores for `trial`, in `trial.candidates` order; higher means more likely the test's class.
    func scores(for trial: ClassificationTrial) throws -> [Double]
    /// Where this process spent its time, stage by stage, for the end of a run (nil: nothing to report).
    var stageReport: String? { get }
}

extension TrialScorer {
    public var stageReport: String? { nil }
}

/// How far a classification has got, for a progress bar.
public struct ClassificationProgress: Sendable {
    /// Trials decided, including those found in the results file on resume.
    public let done: Int
    /// Trials in this shard.
    public let total: Int
    /// Trials found already decided when the run started.
    public let resumed: Int
    /// Seconds since this process started deciding.
    public let elapsed: Double

    /// Estimated seconds left, from this process's rate (infinite before its first trial).
    public var secondsLeft: Double {
        let decided = done - resumed
        return decided == 0 ? .infinity : elapsed / Double(decided) * Double(total - done)
    }
}

/// One-shot classification over the official runs: the trials of a selection, decided one by one into a
/// results file (resumable), or gathered from shards' files.
public struct OneShotClassification {
    /// The runs' images and labels.
    public let data: OneShotRuns
    /// The runs, classes and shard.
    public let selection: TrialSelection
    /// This shard's trials, in order.
    public let trials: [ClassificationTrial]

    /// The trials `selection` picks from `data`.
    public init(data: OneShotRuns, selection: TrialSelection) throws(ClassificationError) {
        self.data = data
        self.selection = selection
        trials = try selection.trials(of: data)
    }

    /// Decides every trial not yet in `resultsPath` with `scorer`, appending each record as soon as it is
    /// decided; with `resume`, records already in the file are kept (they must be this selection's trials,
    /// by the same method). Returns all the shard's records in trial order.
    public func run(_ scorer: some TrialScorer, resultsPath: String, resume: Bool,
                    progress: (ClassificationProgress) -> Void = { _ in }) throws -> [TrialRecord] {
        let (file, existing) = try ResultsFile.openForAppending(resultsPath, resume: resume)
        defer { file.close() }
        var decided = try index(existing, path: resultsPath, method: scorer.method, allowing: trials)
        let resumed = decided.count
        let start = Date()
        progress(ClassificationProgress(done: resumed, total: trials.count, resumed: resumed, elapsed: 0))
        for trial in trials where decided[key(trial)] == nil {
            let record = TrialRecord(trial: trial, scores: try scorer.scores(for: trial), method: scorer.method)
            try file.append(record)
            decided[key(trial)] = (record, resultsPath)
            progress(ClassificationProgress(done: decided.count, total: trials.count, resumed: resumed,
                                            elapsed: Date().timeIntervalSince(start)))
        }
        return trials.map { decided[key($0)]!.record }
    }

    /// The records of shards' results `files`, checked to cover this selection's trials (all shards of it)
    /// exactly once, by one method; returned in trial order.
    public func merge(_ files: [String]) throws(ClassificationError) -> [TrialRecord] {
        let all = try selection.allTrials(of: data)
        var decided: [String: (record: TrialRecord, file: String)] = [:]
        var method: ClassificationMethod?
        for file in files {
            let records = try ResultsFile.read(file)
            method = method ?? records.first?.method
            guard let method else { continue }
            for (trial, entry) in try index(records, path: file, method: method, allowing: all) {
                if let earlier = decided[trial] { throw .duplicateTrial(trial: trial, first: earlier.file, second: file) }
                decided[trial] = entry
            }
        }
        let missing = all.filter { decided[key($0)] == nil }.map(\.name)
        guard missing.isEmpty else { throw .missingTrials(missing) }
        return all.map { decided[key($0)]!.record }
    }

    /// Records keyed by trial, each checked to be one of `allowed`, by `method`, and not repeated within the file.
    private func index(_ records: [TrialRecord], path: String, method: ClassificationMethod,
                       allowing allowed: [ClassificationTrial]) throws(ClassificationError) -> [String: (record: TrialRecord, file: String)] {
        let byKey = Dictionary(allowed.map { (key($0), $0) }, uniquingKeysWith: { first, _ in first })
        var result: [String: (record: TrialRecord, file: String)] = [:]
        for (offset, record) in records.enumerated() {
            let line = offset + 1
            guard record.method == method else {
                throw .foreignRecord(path: path, line: line, reason: "trial \(record.trialName) was decided by '\(record.method.rawValue)', not '\(method.rawValue)'")
            }
            guard let trial = byKey[record.trialName], record.matches(trial) else {
                throw .foreignRecord(path: path, line: line, reason: "trial \(record.trialName) with \(record.scores.count) classes is not one of this selection's trials (--runs, --classes, --shard)")
            }
            guard result[record.trialName] == nil else { throw .duplicateTrial(trial: record.trialName, first: path, second: path) }
            result[record.trialName] = (record, path)
        }
        return result
    }

    private func key(_ trial: ClassificationTrial) -> String { trial.name }
}
