import CharacterModel
import CharacterTasks
import Foundation
import Images
import OmniglotData
import Testing
@testable import Teaching

/// The quiz and Turing-test pages: built from the shared Omniglot data, checked as HTML, then played in headless
/// Chromium through the pages' test hook (`page.html#gns-test=CHOICES`) and read back with `--dump-dom`.
@Suite(.serialized) struct TeachingPageTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The shared Omniglot release (`../shared/omniglot` from the package root), if present.
    static let data: OmniglotDirectory? = {
        let path = root.deletingLastPathComponent().appendingPathComponent("shared/omniglot").standardized.path
        guard let directory = try? OmniglotDirectory(path: path) else {
            print("skipping the teaching-page tests: Omniglot data not found at \(path)")
            return nil
        }
        return directory
    }()

    /// Debian's `chromium` (or `chromium-browser`) on PATH, if installed; `.ci/run` installs it.
    static let chromium: String? = {
        let paths = (ProcessInfo.processInfo.environment["PATH"] ?? "/usr/bin").split(separator: ":")
        for name in ["chromium", "chromium-browser"] {
            for folder in paths where FileManager.default.isExecutableFile(atPath: "\(folder)/\(name)") { return "\(folder)/\(name)" }
        }
        print("skipping the browser tests: no chromium on PATH (apt-get install -y chromium)")
        return nil
    }()

    /// `html` loaded in headless Chromium with `choices` played through the test hook; the DOM after the scripts ran.
    static func play(_ html: String, choices: [Int]) throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("gns-page-\(UUID().uuidString).html")
        try html.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: try #require(chromium))
        process.arguments = ["--headless", "--no-sandbox", "--disable-gpu", "--dump-dom", "--virtual-time-budget=5000",
                             file.absoluteString + "#gns-test=" + choices.map(String.init).joined(separator: ",")]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = FileHandle.nullDevice
        try process.run()
        let dom = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return dom
    }

    /// The text of the element with `id` in `dom` (its first text run).
    static func text(of id: String, in dom: String) -> String? {
        guard let match = dom.firstMatch(of: try! Regex("id=\"\(id)\"[^>]*>([^<]*)<")) else { return nil }
        return match.output[1].substring.map(String.init)
    }

    static func quizTrials(_ count: Int, seed: UInt64) throws -> [OneShotQuiz.Trial] {
        let runs = try OneShotRuns(in: try #require(data))
        return try OneShotQuiz.trials(from: runs, count: count, seed: seed, machines: [OneShotQuiz.modifiedHausdorff])
    }

    /// Classification results for the test images of `run`: each class scored `score(test's class, class)`.
    static func records(run: OneShotRun, score: (String, String) -> Double) throws -> [TrialRecord] {
        let classes = run.trainingImages.map(ClassificationTrial.shortName)
        return try run.pairs.map { pair in
            let truth = ClassificationTrial.shortName(pair.training)
            let scores = Dictionary(uniqueKeysWithValues: classes.map { ($0, score(truth, $0)) })
            let best = classes.max { scores[$0]! < scores[$1]! }!
            let line: [String: Any] = ["run": run.number, "test": ClassificationTrial.shortName(pair.test), "truth": truth, "scores": scores,
                                       "predicted": best, "correct": best == truth, "method": "gns"]
            return try JSONDecoder().decode(TrialRecord.self, from: JSONSerialization.data(withJSONObject: line))
        }
    }

    /// A page for a class: one file, nothing fetched.
    static func expectSelfContained(_ html: String) {
        #expect(!html.contains("src=\"http") && !html.contains("<script src") && !html.contains("<link"))
        #expect(html.contains("data:image/png;base64,"))
    }

    @Test(.enabled(if: data != nil)) func quizTrialsAreSeededNineWayAndTheBaselineBeatsChance() throws {
        let trials = try Self.quizTrials(20, seed: 5)
        #expect(trials.count == 20)
        #expect(trials.allSatisfy { $0.options.count == 9 && (0..<9).contains($0.answer) && $0.machines.count == 1 && (0..<9).contains($0.machines[0]) })
        #expect(Set(trials.map(\.label)).count == 20)
        #expect(try Self.quizTrials(20, seed: 5).map(\.label) == trials.map(\.label))
        #expect(try Self.quizTrials(20, seed: 6).map(\.label) != trials.map(\.label))
        // Chance is 1 in 9 (2.2 of 20, binomial sd 1.4); the official baseline gets about 60% of 20-way trials
        // right, so 6 of 20 on 9-way trials is far above chance and far below what it should reach.
        #expect(trials.filter { $0.machines[0] == $0.answer }.count >= 6)
        Self.expectSelfContained(try OneShotQuiz.html(trials: trials, machines: [OneShotQuiz.modifiedHausdorff]))
    }

    @Test(.enabled(if: data != nil)) func recordedResultsAnswerOnlyTheirTrialsWithTheBestScoredOption() throws {
        let runs = try OneShotRuns(in: try #require(Self.data))
        let run = try #require(runs.runs.first { $0.number == 2 })
        // Every test image scores its own class highest, then class05, then the rest by class number.
        let records = try Self.records(run: run) { truth, candidate in
            candidate == truth ? 10 : candidate == "class05" ? 5 : -Double(Int(candidate.dropFirst(5))!)
        }
        let gns = OneShotQuiz.recorded(records, name: "GNS", description: "test records")
        let trials = try OneShotQuiz.trials(from: runs, count: 12, seed: 3, machines: [gns, OneShotQuiz.modifiedHausdorff])
        #expect(trials.allSatisfy { $0.label.hasPrefix("run 2,") && $0.machines.count == 2 })
        #expect(trials.allSatisfy { $0.machines[0] == $0.answer })
        // The records decide 20 test images, so 21 trials cannot be drawn from them.
        #expect(throws: TeachingError.self) { try OneShotQuiz.trials(from: runs, count: 21, seed: 3, machines: [gns]) }
        // With the true class's score lowered below class05's, the machine picks class05 where it is an option.
        let misled = OneShotQuiz.recorded(try Self.records(run: run) { truth, candidate in
            candidate == "class05" ? 5 : candidate == truth ? 1 : -Double(Int(candidate.dropFirst(5))!)
        }, name: "GNS", description: "misled records")
        // Options class01...class09: class05 (index 4) is among them and wins; without it, the true class wins.
        let question = { (options: [String]) in
            OneShotQuiz.Question(run: 2, referencePath: run.pairs[0].test, optionPaths: options,
                                 reference: try runs.image(run.pairs[0].test), options: try options.map { try runs.image($0) })
        }
        #expect(try misled.answer(question(Array(run.trainingImages.prefix(9)))) == 4)
        let withoutClass05 = [run.pairs[0].training] + run.trainingImages.filter { $0 != run.pairs[0].training && !$0.hasSuffix("class05.png") }.prefix(8)
        #expect(try misled.answer(question(withoutClass05)) == 0)
    }

    @Test(.enabled(if: data != nil && chromium != nil)) func quizPlayedInABrowserKeepsScoreAndChartsEveryPlayer() throws {
        let runs = try OneShotRuns(in: try #require(Self.data))
        let gns = OneShotQuiz.recorded(try Self.records(run: runs.runs[0]) { truth, candidate in candidate == truth ? 0 : -1 },
                                       name: "GNS", description: "test records")
        let machines = [gns, OneShotQuiz.modifiedHausdorff]
        let trials = try OneShotQuiz.trials(from: runs, count: 4, seed: 1, machines: machines)
        let html = try OneShotQuiz.html(trials: trials, machines: machines)
        // Halfway: right, then wrong.
        let wrong = (trials[1].answer + 1) % 9
        let halfway = try Self.play(html, choices: [trials[0].answer, wrong])
        #expect(Self.text(of: "score", in: halfway) == "Trial 3 of 4 · score 1 / 2")
        #expect(!halfway.contains("id=\"result-chart\""))
        // To the end: three of four right.
        let done = try Self.play(html, choices: [trials[0].answer, wrong, trials[2].answer, trials[3].answer])
        #expect(Self.text(of: "summary", in: done)?.hasPrefix("You: 3 of 4 right (75%).") == true)
        #expect(done.contains("<svg id=\"result-chart\""))
        #expect(done.contains("data-label=\"you\" data-value=\"75.0\""))
        #expect(done.contains("data-label=\"GNS\" data-value=\"100.0\""))
        let baseline = 100 * Double(trials.filter { $0.machines[1] == $0.answer }.count) / 4
        #expect(done.contains("data-label=\"Hausdorff\" data-value=\"\(String(format: "%.1f", baseline))\""))
        #expect(done.contains("<th>GNS</th><th>Hausdorff</th>"))
    }

    /// A machine for tests: blank paper, so the page's plumbing is tested without the token model's cost.
    struct BlankExemplars: ExemplarSource {
        var description: String { "blank paper" }
        func exemplars(of drawing: Drawing, in dataset: OmniglotDataset, count: Int, seed: UInt64) throws -> [Raster] {
            Array(repeating: TuringTest.raster(ink: [Float](repeating: 0, count: 105 * 105)), count: count)
        }
    }

    @Test(.enabled(if: data != nil)) func tokenNoiseExemplarsAreNewDrawingsOfTheTarget() throws {
        let dataset = try OmniglotDataset(.background, in: try #require(Self.data))
        let machine = try TokenNoiseExemplars(programs: try CharacterPrograms.directory())
        let drawing = try #require(dataset.drawings.first { $0.strokePath != nil })
        let drawn = try machine.exemplars(of: drawing, in: dataset, count: 3, seed: 1)
        #expect(drawn.count == 3 && drawn.allSatisfy { $0.width == 105 && $0.height == 105 })
        // Each has ink, and the token noise makes every one different.
        #expect(drawn.allSatisfy { $0.pixels.contains { $0 < 128 } })
        #expect(drawn[0].pixels != drawn[1].pixels && drawn[1].pixels != drawn[2].pixels)
        #expect(machine.description.hasPrefix("STAND-IN"))
    }

    @Test(.enabled(if: data != nil && chromium != nil)) func turingTestPlayedInABrowserReportsAWilsonInterval() throws {
        let dataset = try OmniglotDataset(.background, in: try #require(Self.data))
        let trials = try TuringTest.trials(from: dataset, count: 3, seed: 2, machine: BlankExemplars())
        #expect(trials.allSatisfy { $0.grids.count == 2 && $0.grids.allSatisfy { $0.count == 9 } })
        let html = try TuringTest.html(trials: trials, machineDescription: "blank paper")
        Self.expectSelfContained(html)
        let dom = try Self.play(html, choices: [trials[0].machineGrid, trials[1].machineGrid, 1 - trials[2].machineGrid])
        // Wilson 95% interval for 2 of 3, computed here independently of the page's script.
        let (n, k, z) = (3.0, 2.0, 1.959963984540054)
        let p = k / n, d = 1 + z * z / n
        let centre = (p + z * z / (2 * n)) / d, half = z * (p * (1 - p) / n + z * z / (4 * n * n)).squareRoot() / d
        let expected = String(format: "You found the machine in 2 of 3 trials: 67%% (95%% interval %.1f%% to %.1f%%).",
                              100 * (centre - half), 100 * (centre + half))
        #expect(Self.text(of: "summary", in: dom) == expected)
        #expect(dom.contains("<svg id=\"result-chart\"") && dom.contains("class=\"interval\""))
        #expect(dom.firstMatch(of: #/id="save" download="turing-answers.json" href="blob:/#) != nil)
    }
}
