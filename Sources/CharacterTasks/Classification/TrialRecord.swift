/// How a trial was decided: the official baseline or the GNS model.
public enum ClassificationMethod: String, Sendable, Codable, CaseIterable {
    /// The GNS two-way score (paper eq. 4-5 with BPL's formula).
    case gns
    /// The official release's baseline: minus the modified Hausdorff distance of the centred ink.
    case hausdorff
}

/// One decided trial, one line of a results file.
public struct TrialRecord: Sendable, Equatable, Codable {
    /// The run (1...20).
    public let run: Int
    /// The test image (`item07`).
    public let test: String
    /// Its class (`class12`).
    public let truth: String
    /// Score per candidate class; higher means more alike. For `hausdorff` it is minus the distance.
    public let scores: [String: Double]
    /// The candidate with the highest score (the first in sorted order on a tie, as the official demo).
    public let predicted: String
    /// Whether `predicted == truth`.
    public let correct: Bool
    /// How the scores were computed.
    public let method: ClassificationMethod

    /// The decision for `trial` from its candidates' `scores` (in `trial.candidates` order).
    public init(trial: ClassificationTrial, scores: [Double], method: ClassificationMethod) {
        precondition(scores.count == trial.candidates.count, "one score per candidate")
        var best = 0
        for (index, score) in scores.enumerated() where score > scores[best] { best = index }
        let names = trial.candidates.map(ClassificationTrial.shortName)
        run = trial.run
        test = ClassificationTrial.shortName(trial.test)
        truth = ClassificationTrial.shortName(trial.truth)
        self.scores = Dictionary(uniqueKeysWithValues: zip(names, scores))
        predicted = names[best]
        correct = predicted == truth
        self.method = method
    }

    /// The trial's identity in messages and merges: `run 3 item07`.
    public var trialName: String { ClassificationTrial.name(run: run, test: test) }

    /// Whether this record decides `trial` (same run, test image, truth and candidate classes).
    func matches(_ trial: ClassificationTrial) -> Bool {
        run == trial.run && test == ClassificationTrial.shortName(trial.test) && truth == ClassificationTrial.shortName(trial.truth)
            && Set(scores.keys) == Set(trial.candidates.map(ClassificationTrial.shortName))
    }
}
