import Testing
@testable import CharacterTasks

@Suite struct TrialSelectionTests {
    @Test func runRangesParse() throws {
        #expect(try TrialSelection.parseRuns("1-20") == Array(1...20))
        #expect(try TrialSelection.parseRuns("3") == [3])
        #expect(try TrialSelection.parseRuns("7-9,1,4") == [1, 4, 7, 8, 9])
    }

    @Test(arguments: ["0-3", "5-2", "21", "1-21", "a", "", "1,1", "1-2-3", "2,", "-4"])
    func badRunRangesAreUsageErrors(text: String) {
        #expect {
            try TrialSelection.parseRuns(text)
        } throws: { error in
            guard let error = error as? ClassificationError, error.isUsageError,
                  case let .invalidOption(option, value, _) = error else { return false }
            return option == "--runs" && value == text
        }
    }

    @Test func shardsParse() throws {
        #expect(try TrialSelection.parseShard("2/3") == (2, 3))
        for text in ["0/0", "3/2", "0/4", "1/0", "x", "1/", "/2", "1/2/3", "-1/2"] {
            #expect(throws: ClassificationError.self) { try TrialSelection.parseShard(text) }
        }
        #expect(try TrialSelection.parseClasses("4") == 4)
        for text in ["1", "21", "four"] {
            #expect(throws: ClassificationError.self) { try TrialSelection.parseClasses(text) }
        }
    }

    /// For any number of trials and shards, the blocks are contiguous, disjoint, in order and cover everything,
    /// with sizes differing by at most one.
    @Test func blocksPartitionTheTrials() {
        for total in [0, 1, 7, 20, 80, 400] {
            for count in 1...25 {
                let blocks = (1...count).map { TrialSelection.block($0, of: count, total: total) }
                #expect(blocks.first!.lowerBound == 0 && blocks.last!.upperBound == total)
                for (a, b) in zip(blocks, blocks.dropFirst()) { #expect(a.upperBound == b.lowerBound) }
                let sizes = blocks.map(\.count)
                #expect(sizes.max()! - sizes.min()! <= 1)
            }
        }
    }

    /// The slice keeps the first K lines of class_labels.txt, and each trial's candidates are those K classes.
    @Test func sliceTrialsOfRunOne() throws {
        guard let runs = try ClassificationSupport.runs() else { return }
        let trials = try ClassificationSupport.slice(classes: 4).allTrials(of: runs)
        let pairs = runs.runs[0].pairs.prefix(4)
        #expect(trials.map(\.test) == pairs.map(\.test))
        #expect(trials.map(\.truth) == pairs.map(\.training))
        for trial in trials { #expect(trial.candidates == pairs.map(\.training).sorted()) }
    }
}
