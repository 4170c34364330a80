import Foundation
import Testing
@testable import Distributions
import Random

@Suite struct HalfCauchyTests {
    let halfCauchy = try! HalfCauchy(scale: 2.5)

    @Test func densityIsTwiceTheCauchyOnItsSupport() throws {
        let cauchy = try Cauchy(location: 0, scale: 2.5)
        for x in [0.0, 0.1, 3, 100] { expectClose(halfCauchy.logDensity(x), log(2) + cauchy.logDensity(x), tolerance: 1e-13, "x = \(x)") }
        #expect(halfCauchy.logDensity(-0.1) == -.infinity)
    }

    @Test func gradientMatchesFiniteDifferences() throws {
        for x in [0.4, 2.5, 9] {
            let g = halfCauchy.logDensityGradient(x)
            expectClose(g.value, centralDifference(at: x) { halfCauchy.logDensity($0) }, "value")
            expectClose(g.scale, try centralDifference(at: 2.5) { try HalfCauchy(scale: $0).logDensity(x) }, "scale")
        }
    }

    @Test func sampleQuartilesMatch() {
        // P(x < σ) = 1/2 and P(x < σ tan(3π/8)) = 3/4 (the folded Cauchy's distribution function (2/π) atan(x/σ)).
        var generator = SeededGenerator(seed: 43)
        let draws = (0..<20_000).map { _ in halfCauchy.sample(using: &generator) }
        #expect(draws.allSatisfy { $0 >= 0 })
        expectMean(draws.map { $0 < 2.5 ? 1 : 0 }, 0.5, "median")
        expectMean(draws.map { $0 < 2.5 * tan(3 * Double.pi / 8) ? 1 : 0 }, 0.75, "upper quartile")
    }

    @Test func rejectsBadParameters() {
        #expect(throws: DistributionError.invalidParameter(distribution: "half_cauchy", parameter: "scale", value: "-1.0",
                                                           requirement: "must be positive and finite")) {
            try HalfCauchy(scale: -1)
        }
    }
}
