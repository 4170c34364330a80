import Foundation
import Testing
@testable import Distributions
import Random

@Suite struct NormalTests {
    let normal = try! Normal(mean: 1.5, standardDeviation: 0.7)

    @Test func densityIntegratesToOneAndMatchesClosedForm() {
        let mass = simpson(from: -10, to: 13) { exp(normal.logDensity($0)) }
        expectClose(mass, 1, tolerance: 1e-9, "∫p")
        // exp(-(x-μ)²/2σ²)/(σ√2π) written out independently.
        let x = 0.3
        let reference = exp(-(x - 1.5) * (x - 1.5) / (2 * 0.49)) / (0.7 * (2 * Double.pi).squareRoot())
        expectClose(normal.logDensity(x), log(reference), tolerance: 1e-12)
    }

    @Test func gradientMatchesFiniteDifferences() throws {
        let x = 0.3
        let g = normal.logDensityGradient(x)
        expectClose(g.value, centralDifference(at: x) { normal.logDensity($0) }, "value")
        expectClose(g.mean, try centralDifference(at: 1.5) { try Normal(mean: $0, standardDeviation: 0.7).logDensity(x) }, "mean")
        expectClose(g.standardDeviation,
                    try centralDifference(at: 0.7) { try Normal(mean: 1.5, standardDeviation: $0).logDensity(x) }, "sd")
    }

    @Test func sampleMomentsMatch() {
        var generator = SeededGenerator(seed: 11)
        let draws = (0..<20_000).map { _ in normal.sample(using: &generator) }
        expectMean(draws, 1.5, "mean")
        expectMean(draws.map { ($0 - 1.5) * ($0 - 1.5) }, 0.49, "variance")
    }

    @Test func rejectsBadParameters() {
        #expect(throws: DistributionError.invalidParameter(distribution: "normal", parameter: "standard deviation",
                                                           value: "-1.0", requirement: "must be positive and finite")) {
            try Normal(mean: 0, standardDeviation: -1)
        }
        #expect(throws: DistributionError.self) { try Normal(mean: 0, standardDeviation: 0) }
        #expect(throws: DistributionError.self) { try Normal(mean: .nan, standardDeviation: 1) }
    }
}
