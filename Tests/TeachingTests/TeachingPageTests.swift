import CharacterModel
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
        return try OneShotQuiz.trials(from: runs, count: count, seed: seed, machine: OneShotQuiz.modifiedHausdorff)
    }

    /// A page for a class: one file, nothing fetched.
    static func expectSelfContained(_ html: String) {
        #expect(!html.contains("src=\"http") && !html.contains("<script src") && !html.contains("<link"))
        #expect(html.contains("data:image/png;base64,"))
    }

    @Test(.enabled(if: data != nil)) func quizTrialsAreSeededNineWayAndTheBaselineBeatsChance() throws {
        let trials = try Self.quizTrials(20, seed: 5)
        #expect(trials.count == 20)
        #expect(trials.allSatisfy { $0.options.count == 9 && (0..<9).contains($0.answer) && (0..<9).contains($0.machine) })
        #expect(Set(trials.map(\.label)).count == 20)
        #expect(try Self.quizTrials(20, seed: 5).map(\.label) == trials.map(\.label))
        #expect(try Self.quizTrials(20, seed: 6).map(\.label) != trials.map(\.label))
        // Chance is 1 in 9 (2.2 of 20, binomial sd 1.4); the official baseline gets about 60% of 20-way trials
        // right, so 6 of 20 on 9-way trials is far above chance and far below what it should reach.
        #expect(trials.filter { $0.machine == $0.answer }.count >= 6)
        Self.expectSelfContained(try OneShotQuiz.html(trials: trials, machineName: "MHD"))
    }

    @Test(.enabled(if: data != nil && chromium != nil)) func quizPlayedInABrowserKeepsScoreAndChartsBothPlayers() throws {
        let trials = try Self.quizTrials(4, seed: 1)
        let html = try OneShotQuiz.html(trials: trials, machineName: "MHD")
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
        let machine = 100 * Double(trials.filter { $0.machine == $0.answer }.count) / 4
        #expect(done.contains("data-label=\"machine\" data-value=\"\(String(format: "%.1f", machine))\""))
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
