import Foundation
import OmniglotData
@testable import CharacterTasks

/// What the classification tests share: the official runs (when present) and scratch files.
enum ClassificationSupport {
    /// The package root (three levels above this file).
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `../shared/omniglot/all_runs.zip` read as the official runs, or nil (printing why) when it is absent.
    static func runs() throws -> OneShotRuns? {
        let folder = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/omniglot").standardized.path
        guard FileManager.default.fileExists(atPath: folder + "/all_runs.zip") else {
            print("skipping: \(folder)/all_runs.zip not found (the official one-shot runs)")
            return nil
        }
        return try OneShotRuns(in: try OmniglotDirectory(path: folder))
    }

    /// A path in a fresh temporary folder.
    static func scratchPath(_ name: String) throws -> String {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("gns-classify-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        return folder.appendingPathComponent(name).path
    }

    /// The first `classes` classes of run 1: the slice the harness tests use.
    static func slice(classes: Int = 4, shard: (Int, Int) = (1, 1)) -> TrialSelection {
        TrialSelection(runs: [1], classes: classes, shard: shard)
    }
}

/// A scorer whose scores depend only on the file names, and which counts its calls: the harness's tests need
/// decisions that are quick, deterministic and not all correct.
final class NameScorer: TrialScorer {
    let method = ClassificationMethod.hausdorff
    private(set) var calls = 0

    func scores(for trial: ClassificationTrial) throws -> [Double] {
        calls += 1
        let test = Double(trial.test.hashValueStable)
        return trial.candidates.map { Double(($0.hashValueStable &+ Int(test)) % 97) }
    }
}

extension String {
    /// A hash that is the same in every process (Swift's `hashValue` is seeded per process).
    var hashValueStable: Int { utf8.reduce(17) { ($0 &* 31 &+ Int($1)) & 0xFFFF_FFFF } }
}
