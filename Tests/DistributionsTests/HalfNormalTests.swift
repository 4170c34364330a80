import Foundation
import Testing
@testable import Distributions
import Random

@Suite struct HalfNormalTests {
    let halfNormal = try! HalfNormal(scale: 1.5)

    @Test func densityIsTwiceTheNormalOnItsSupport() throws {
        let normal = try Normal(mean: 0, standardDeviation: 1.5)
        for x in [0.0, 0.7, 4] { expectClose(halfNormal.logDensity(x), log(2) + normal.logDensity(x), tolerance: 1e-13, "x = \(x)") }
        #expect(halfNormal.logDensity(-1e-9) == -.infinity)
    }

    @Test func gradientMatchesFiniteDifferences() throws {
        for x in [0.2, 1.5, 4] {
            let g = halfNormal.logDensityGradient(x)
            expectClose(g.value, centralDifference(at: x) { halfNormal.logDensity($0) }, "value")
            expectClose(g.scale, try centralDifference(at: 1.5) { try HalfNormal(scale: $0).logDensity(x) }, "scale")
        }
    }

    @Test func sampleMomentsMatch() {
        // Mean σ √(2/π), second moment σ².
        var generator = SeededGenerator(seed: 45)
        let draws = (0..<20_000).map { _ in halfNormal.sample(using: &generator) }
        expectMean(draws, 1.5 * (2 / Double.pi).squareRoot(), "mean")
        expectMean(draws.map { $0 * $0 }, 2.25, "second moment")
    }

    @Test func rejectsBadParameters() {
        #expect(throws: DistributionError.invalidParameter(distribution: "half_normal", parameter: "scale", value: "inf",
                                                           requirement: "must be positive and finite")) {
            try HalfNormal(scale: .infinity)
        }
    }
}
