import Foundation
import Testing
@testable import Inference
import Language
import Random

/// The scripts in `Examples/inference/` (one per gradient-era capability) run and print the exact answers.
@Suite struct InferenceExamplesTests {
    func run(_ file: String) throws -> [String] {
        let lines = PrintedLines()
        let program = try Program.load(path: TestModels.example("inference/" + file), builtins: .withInference)
        var generator = SeededGenerator(seed: 2026)
        try Interpreter(program: program, output: { lines.append($0) }).run(generator: &generator)
        return lines.all
    }

    @Test func pointMapPrintsThePosteriorModeOfThePoint() throws {
        let printed = try run("point_map.gns")
        let mode = try #require(printed.first { $0.hasPrefix("mode:") })
        let numbers = mode.dropFirst("mode: [".count).dropLast().split(separator: ",").compactMap { Double($0.trimmingCharacters(in: .whitespaces)) }
        // The exact posterior mean (Gaussian posterior, PointChoicesTests.exact); L-BFGS at single precision.
        let exact = PointChoicesTests.exact.mean
        #expect(numbers.count == 2 && abs(numbers[0] - exact[0]) < 1e-4 && abs(numbers[1] - exact[1]) < 1e-4, "\(mode)")
    }

    @Test func malaCoinPrintsTheBetaPosteriorMean() throws {
        let mean = try #require(Double(try run("mala_coin.gns").last ?? ""))
        // Beta(7, 3): mean 0.7, sd 0.138; 2 chains x 2000 MALA draws keep an ESS above ~400, so the
        // standard error is below 0.007: 5 of those.
        #expect(abs(mean - 0.7) < 0.035)
    }

    @Test func randomWalkPrintsTheNormalMeanPosterior() throws {
        let mean = try #require(Double(try run("random_walk_mh.gns").last ?? ""))
        let exact = Exact.normalNormal(priorMean: 0, priorSD: 2, noiseSD: 1, ys: [1.2, 0.4, 2.1, 1.5, 0.9])
        // 4 chains x 2000 adapted random-walk steps: ESS above ~1500, so the standard error is below
        // 0.43 / √1500 ≈ 0.011: 5 of those.
        #expect(abs(mean - exact.mean) < 0.055)
    }
}
