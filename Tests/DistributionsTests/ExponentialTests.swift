import Foundation
import Testing
@testable import Distributions
import Random

@Suite struct ExponentialTests {
    let exponential = try! Exponential(rate: 0.8)

    @Test func densityMatchesTheClosedForm() throws {
        // λ e^(-λx); the gamma with shape 1 and scale 1/λ is the same distribution.
        let gamma = try Gamma(shape: 1, rate: 0.8)
        for x in [0.0, 0.5, 7] {
            expectClose(exponential.logDensity(x), log(0.8 * exp(-0.8 * x)), tolerance: 1e-14, "x = \(x)")
            expectClose(exponential.logDensity(x), gamma.logDensity(x), tolerance: 1e-13, "gamma at \(x)")
        }
        #expect(exponential.logDensity(-0.5) == -.infinity)
    }

    @Test func gradientMatchesFiniteDifferences() throws {
        for x in [0.5, 3] {
            let g = exponential.logDensityGradient(x)
            expectClose(g.value, centralDifference(at: x) { exponential.logDensity($0) }, "value")
            expectClose(g.rate, try centralDifference(at: 0.8) { try Exponential(rate: $0).logDensity(x) }, "rate")
        }
    }

    @Test func sampleMomentsMatch() {
        // Mean 1/λ, variance 1/λ².
        var generator = SeededGenerator(seed: 46)
        let draws = (0..<20_000).map { _ in exponential.sample(using: &generator) }
        expectMean(draws, 1.25, "mean")
        expectMean(draws.map { ($0 - 1.25) * ($0 - 1.25) }, 1.5625, "variance")
    }

    @Test func rejectsBadParameters() {
        #expect(throws: DistributionError.invalidParameter(distribution: "exponential", parameter: "rate", value: "0.0",
                                                           requirement: "must be positive and finite")) {
            try Exponential(rate: 0)
        }
    }
}
