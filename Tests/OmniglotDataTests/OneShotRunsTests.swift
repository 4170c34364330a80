import Testing
@testable import OmniglotData

@Suite struct OneShotRunsTests {
    @Test func twentyRunsOfTwentyPairs() throws {
        guard let directory = TestData.omniglotDirectory() else { return }
        let runs = try OneShotRuns(in: directory)
        #expect(runs.runs.map(\.number) == Array(1...20))
        for run in runs.runs {
            #expect(run.trainingImages.count == 20)
            #expect(run.testImages.count == 20)
            #expect(run.pairs.count == 20)
            // Each test image appears once; `unzip -p all_runs.zip run01/class_labels.txt` starts with item01 -> class08.
            #expect(Set(run.pairs.map(\.test)) == Set(run.testImages))
        }
        #expect(runs.runs[0].pairs[0].test == "run01/test/item01.png")
        #expect(runs.runs[0].pairs[0].training == "run01/training/class08.png")
        let image = try runs.image(runs.runs[0].pairs[0].training)
        #expect(image.width == 105 && image.height == 105)
    }
}
