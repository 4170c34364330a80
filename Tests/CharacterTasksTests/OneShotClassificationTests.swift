import Foundation
import Testing
@testable import CharacterTasks

@Suite struct OneShotClassificationTests {
    /// Resuming after a kill mid-line recomputes only the lost trial and ends with the same records.
    @Test func resumeAfterATruncatedLineGivesTheSameResult() throws {
        guard let runs = try ClassificationSupport.runs() else { return }
        let classification = try OneShotClassification(data: runs, selection: ClassificationSupport.slice(classes: 6))
        let path = try ClassificationSupport.scratchPath("results.jsonl")
        let whole = try classification.run(NameScorer(), resultsPath: path, resume: false)
        let bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        let lines = bytes.split(separator: UInt8(ascii: "\n"))
        #expect(lines.count == 6)
        // Keep three whole lines and half of the fourth.
        let cut = lines.prefix(3).reduce(0) { $0 + $1.count + 1 } + lines[3].count / 2
        try bytes.prefix(cut).write(to: URL(fileURLWithPath: path))
        let scorer = NameScorer()
        let resumed = try classification.run(scorer, resultsPath: path, resume: true)
        #expect(scorer.calls == 3)
        #expect(resumed == whole)
        #expect(try ResultsFile.read(path) == whole)
        #expect(throws: ClassificationError.resultsExist(path: path)) {
            try classification.run(NameScorer(), resultsPath: path, resume: false)
        }
    }

    /// Shards' files merge into exactly the unsharded records; a missing shard, a repeated one or another
    /// selection's file is an error naming the trial.
    @Test func shardsMergeToTheUnshardedResult() throws {
        guard let runs = try ClassificationSupport.runs() else { return }
        let whole = try OneShotClassification(data: runs, selection: ClassificationSupport.slice(classes: 5))
            .run(NameScorer(), resultsPath: try ClassificationSupport.scratchPath("all.jsonl"), resume: false)
        var files: [String] = []
        for index in 1...3 {
            let shard = try OneShotClassification(data: runs, selection: ClassificationSupport.slice(classes: 5, shard: (index, 3)))
            files.append(try ClassificationSupport.scratchPath("shard-\(index).jsonl"))
            _ = try shard.run(NameScorer(), resultsPath: files.last!, resume: false)
        }
        let merger = try OneShotClassification(data: runs, selection: ClassificationSupport.slice(classes: 5))
        #expect(try merger.merge(files.reversed()) == whole)
        #expect {
            try merger.merge(Array(files.prefix(2)))
        } throws: { error in
            guard case let .missingTrials(names)? = error as? ClassificationError else { return false }
            return names == ["run 1 item04", "run 1 item05"]
        }
        #expect {
            try merger.merge(files + [files[0]])
        } throws: { error in
            guard case let .duplicateTrial(trial, _, _)? = error as? ClassificationError else { return false }
            return trial == "run 1 item01"
        }
        let other = try OneShotClassification(data: runs, selection: ClassificationSupport.slice(classes: 4))
        #expect(throws: ClassificationError.self) { try other.merge(files) }
    }

    /// The official demo's run 1 figure for the modified Hausdorff baseline: 9 errors in 20 trials (45 %).
    /// The demo prints only the average (38.8 %); the per-run figure comes from an independent numpy
    /// re-implementation of `demo_classification.py`, Benchmarks/classification/hausdorff_reference.py, on the
    /// same all_runs.zip.
    @Test func hausdorffBaselineRunOne() throws {
        guard let runs = try ClassificationSupport.runs() else { return }
        let classification = try OneShotClassification(data: runs, selection: TrialSelection(runs: [1]))
        let records = try classification.run(HausdorffScorer(data: runs), resultsPath: try ClassificationSupport.scratchPath("run1.jsonl"),
                                             resume: false)
        let table = ErrorTable(records)
        #expect(table.trials == 20)
        #expect(table.errors == 9)
    }

    /// The errors figure: one row per trial, as tall as a titled character cell, the rows' panels the test image,
    /// the best-scored classes and (ranked lower) the true class.
    @Test func trialFigureDrawsARowPerTrialWithTheTrueClassEvenWhenRankedLow() throws {
        guard let runs = try ClassificationSupport.runs() else { return }
        let trials = try ClassificationSupport.slice(classes: 6).trials(of: runs)
        // The true class scored last in the first trial, first in the second.
        let records = trials.prefix(2).enumerated().map { index, trial in
            TrialRecord(trial: trial, scores: trial.candidates.enumerated().map { $1 == trial.truth ? (index == 0 ? -100 : 100) : Double($0) },
                        method: .gns)
        }
        let one = try TrialFigure.raster([records[0]], data: runs, shown: 3)
        let two = try TrialFigure.raster(records, data: runs, shown: 3)
        #expect(two.height == 2 * one.height)
        // First row: test + 3 best + the true class (rank 6); a row where the truth is among the best has one panel fewer.
        let panel = CharacterSheet.raster(images: [try runs.image(trials[0].test)]).width
        #expect(one.width >= 5 * panel + 6 * CharacterSheet.panelMargin)
        let second = try TrialFigure.raster([records[1]], data: runs, shown: 3)
        #expect(second.width < one.width)
        let elsewhere = TrialRecord(trial: ClassificationTrial(run: 21, test: "run21/test/item01.png", truth: trials[0].truth, candidates: trials[0].candidates),
                                    scores: trials[0].candidates.map { _ in 0 }, method: .gns)
        #expect(throws: ClassificationError.self) { try TrialFigure.raster([elsewhere], data: runs) }
        // With refits: the truth and the best wrong class each get image, refit and reconstruction, refit once each.
        var asked: [String] = []
        let withRefits = try TrialFigure.raster([records[0]], data: runs) { source, target in
            asked.append(ClassificationTrial.shortName(source) + ">" + ClassificationTrial.shortName(target))
            return (CharacterSample(strokes: [[[20, -20], [40, -40], [60, -60]]]), -5)
        }
        let bestWrong = try #require(records[0].scores.filter { $0.key != records[0].truth }.max { $0.value < $1.value }?.key)
        let test = ClassificationTrial.shortName(trials[0].test)
        #expect(Set(asked) == [ClassificationTrial.shortName(trials[0].truth) + ">" + test, bestWrong + ">" + test])
        #expect(withRefits.width >= 7 * panel + 8 * CharacterSheet.panelMargin)
    }
}
