import Foundation
import Testing
@testable import Distributions
import Random

@Suite struct LogNormalTests {
    let logNormal = try! LogNormal(logMean: 0.2, logStandardDeviation: 0.5)

    @Test func densityMatchesTheClosedFormAndIntegratesToOne() {
        // exp(-(log x - μ)² / 2σ²) / (x σ √(2π)).
        let x = 1.7
        let reference = exp(-pow(log(x) - 0.2, 2) / (2 * 0.25)) / (x * 0.5 * (2 * Double.pi).squareRoot())
        expectClose(logNormal.logDensity(x), log(reference), tolerance: 1e-13)
        expectClose(simpson(from: 1e-9, to: 40, intervals: 200_000) { exp(logNormal.logDensity($0)) }, 1, tolerance: 1e-8, "∫p")
        #expect(logNormal.logDensity(0) == -.infinity)
        #expect(logNormal.logDensity(-2) == -.infinity)
    }

    @Test func gradientMatchesFiniteDifferences() throws {
        for x in [0.3, 1.7, 6] {
            let g = logNormal.logDensityGradient(x)
            expectClose(g.value, centralDifference(at: x, step: 1e-6) { logNormal.logDensity($0) }, "value")
            expectClose(g.logMean, try centralDifference(at: 0.2) { try LogNormal(logMean: $0, logStandardDeviation: 0.5).logDensity(x) }, "μ")
            expectClose(g.logStandardDeviation,
                        try centralDifference(at: 0.5) { try LogNormal(logMean: 0.2, logStandardDeviation: $0).logDensity(x) }, "σ")
        }
    }

    @Test func sampleMomentsMatch() {
        // Mean e^(μ + σ²/2); log x is N(μ, σ²).
        var generator = SeededGenerator(seed: 44)
        let draws = (0..<20_000).map { _ in logNormal.sample(using: &generator) }
        expectMean(draws, exp(0.2 + 0.125), "mean")
        expectMean(draws.map(log), 0.2, "mean of log")
        expectMean(draws.map { (log($0) - 0.2) * (log($0) - 0.2) }, 0.25, "variance of log")
    }

    @Test func rejectsBadParameters() {
        #expect(throws: DistributionError.invalidParameter(distribution: "lognormal", parameter: "log standard deviation", value: "0.0",
                                                           requirement: "must be positive and finite")) {
            try LogNormal(logMean: 0, logStandardDeviation: 0)
        }
        #expect(throws: DistributionError.self) { try LogNormal(logMean: .infinity, logStandardDeviation: 1) }
    }
}
