import Foundation
import Testing
@testable import Distributions
import Random

@Suite struct CauchyTests {
    let cauchy = try! Cauchy(location: -1, scale: 0.5)

    @Test func densityMatchesTheClosedForm() {
        // 1 / (πσ (1 + z²)).
        for x in [-3.0, -1, 0.25, 40] {
            let z = (x + 1) / 0.5
            expectClose(cauchy.logDensity(x), -log(Double.pi * 0.5 * (1 + z * z)), tolerance: 1e-13, "x = \(x)")
        }
    }

    @Test func gradientMatchesFiniteDifferences() throws {
        for x in [-3.0, -0.8, 2] {
            let g = cauchy.logDensityGradient(x)
            expectClose(g.value, centralDifference(at: x) { cauchy.logDensity($0) }, "value")
            expectClose(g.location, try centralDifference(at: -1) { try Cauchy(location: $0, scale: 0.5).logDensity(x) }, "location")
            expectClose(g.scale, try centralDifference(at: 0.5) { try Cauchy(location: -1, scale: $0).logDensity(x) }, "scale")
        }
    }

    @Test func sampleQuartilesMatch() {
        // No mean: test the distribution function instead. P(x < μ) = 1/2, P(x < μ + σ) = 3/4; indicators are
        // Bernoulli, so expectMean's standard error applies.
        var generator = SeededGenerator(seed: 42)
        let draws = (0..<20_000).map { _ in cauchy.sample(using: &generator) }
        expectMean(draws.map { $0 < -1 ? 1 : 0 }, 0.5, "median")
        expectMean(draws.map { $0 < -0.5 ? 1 : 0 }, 0.75, "upper quartile")
        expectMean(draws.map { $0 < -1.5 ? 1 : 0 }, 0.25, "lower quartile")
    }

    @Test func rejectsBadParameters() {
        #expect(throws: DistributionError.invalidParameter(distribution: "cauchy", parameter: "scale", value: "0.0",
                                                           requirement: "must be positive and finite")) {
            try Cauchy(location: 0, scale: 0)
        }
        #expect(throws: DistributionError.self) { try Cauchy(location: .nan, scale: 1) }
    }
}
