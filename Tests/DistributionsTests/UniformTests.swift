import Foundation
import Testing
@testable import Distributions
import Random

@Suite struct UniformTests {
    let uniform = try! Uniform(low: -1, high: 3)

    @Test func densityIsFlatOnTheSupportAndZeroOff() {
        expectClose(simpson(from: -1, to: 3) { exp(uniform.logDensity($0)) }, 1, tolerance: 1e-12, "∫p")
        expectClose(uniform.logDensity(0.2), -log(4), tolerance: 1e-15)
        #expect(uniform.logDensity(3.5) == -.infinity)
    }

    @Test func gradientMatchesFiniteDifferences() throws {
        let g = uniform.logDensityGradient(0.2)
        expectClose(g.low, try centralDifference(at: -1) { try Uniform(low: $0, high: 3).logDensity(0.2) }, "low")
        expectClose(g.high, try centralDifference(at: 3) { try Uniform(low: -1, high: $0).logDensity(0.2) }, "high")
        #expect(g.value == 0)
    }

    @Test func sampleMomentsMatch() {
        var generator = SeededGenerator(seed: 14)
        let draws = (0..<20_000).map { _ in uniform.sample(using: &generator) }
        #expect(draws.allSatisfy { (-1...3).contains($0) })
        expectMean(draws, 1, "mean")
        expectMean(draws.map { ($0 - 1) * ($0 - 1) }, 16.0 / 12, "variance")
    }

    @Test func rejectsEmptyInterval() {
        #expect(throws: DistributionError.invalidParameter(distribution: "uniform", parameter: "high", value: "1.0",
                                                           requirement: "must exceed low = 1.0")) {
            try Uniform(low: 1, high: 1)
        }
    }
}
