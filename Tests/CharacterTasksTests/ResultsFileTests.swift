import Foundation
import Testing
@testable import CharacterTasks

@Suite struct ResultsFileTests {
    static let trial = ClassificationTrial(run: 2, test: "run02/test/item05.png", truth: "run02/training/class03.png",
                                           candidates: ["run02/training/class01.png", "run02/training/class03.png", "run02/training/class07.png"])

    @Test func recordDecidesByTheHighestScoreFirstOnTies() {
        let record = TrialRecord(trial: Self.trial, scores: [-2.5, -1, -1], method: .hausdorff)
        #expect(record.predicted == "class03" && record.correct)
        #expect(record.scores == ["class01": -2.5, "class03": -1, "class07": -1])
        let wrong = TrialRecord(trial: Self.trial, scores: [4, 3, 4], method: .gns)
        #expect(wrong.predicted == "class01" && !wrong.correct)
        #expect(wrong.trialName == "run 2 item05")
    }

    @Test func recordsRoundTripLineByLine() throws {
        let path = try ClassificationSupport.scratchPath("results.jsonl")
        let records = [TrialRecord(trial: Self.trial, scores: [0.1, 1.0 / 3, -7e-300], method: .gns),
                       TrialRecord(trial: Self.trial, scores: [1, 2, 3], method: .hausdorff)]
        let (file, existing) = try ResultsFile.openForAppending(path, resume: false)
        #expect(existing.isEmpty)
        for record in records { try file.append(record) }
        file.close()
        #expect(try ResultsFile.read(path) == records)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.split(separator: "\n").count == 2 && text.hasSuffix("\n"))
    }

    /// A kill mid-write leaves a line without its newline: reading skips it, reopening to resume cuts it off.
    @Test func aPartialLastLineIsDroppedAndCutOff() throws {
        let path = try ClassificationSupport.scratchPath("results.jsonl")
        let first = try ResultsFile.line(TrialRecord(trial: Self.trial, scores: [1, 2, 3], method: .gns))
        let second = try ResultsFile.line(TrialRecord(trial: Self.trial, scores: [3, 2, 1], method: .gns))
        try (first + second.prefix(second.count / 2)).write(to: URL(fileURLWithPath: path))
        #expect(try ResultsFile.read(path).count == 1)
        #expect(throws: ClassificationError.resultsExist(path: path)) { try ResultsFile.openForAppending(path, resume: false) }
        let (file, existing) = try ResultsFile.openForAppending(path, resume: true)
        file.close()
        #expect(existing.count == 1)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == first)
    }

    @Test func aBadCompleteLineNamesItsLine() throws {
        let path = try ClassificationSupport.scratchPath("results.jsonl")
        let good = try ResultsFile.line(TrialRecord(trial: Self.trial, scores: [1, 2, 3], method: .gns))
        try (good + Data("{\"run\": 1}\n".utf8)).write(to: URL(fileURLWithPath: path))
        #expect {
            try ResultsFile.read(path)
        } throws: { error in
            guard case let .malformedRecord(file, line, _)? = error as? ClassificationError else { return false }
            return file == path && line == 2
        }
    }

    @Test func tableCountsErrorsPerRun() {
        let right = TrialRecord(trial: Self.trial, scores: [0, 1, 0], method: .gns)
        let wrong = TrialRecord(trial: Self.trial, scores: [1, 0, 0], method: .gns)
        let other = ClassificationTrial(run: 5, test: "run05/test/item01.png", truth: "run05/training/class01.png",
                                        candidates: ["run05/training/class01.png", "run05/training/class02.png"])
        let table = ErrorTable([right, wrong, wrong, TrialRecord(trial: other, scores: [0, 1], method: .gns)])
        #expect(table.rows == [.init(run: 2, trials: 3, errors: 2), .init(run: 5, trials: 1, errors: 1)])
        #expect(table.trials == 4 && table.errors == 3 && table.percent == 75)
        #expect(table.text.contains("  all       4       3   75.0 %"))
    }
}
