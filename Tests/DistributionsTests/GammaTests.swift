import Foundation
import Testing
@testable import Distributions
import Random

@Suite struct GammaTests {
    let gamma = try! Gamma(shape: 2.5, scale: 1.5)

    @Test func densityIntegratesToOneAndRateFormAgrees() throws {
        expectClose(simpson(from: 0, to: 80, intervals: 200_000) { exp(gamma.logDensity($0)) }, 1, tolerance: 1e-8, "∫p")
        // x^(k-1) e^(-x/θ) / (Γ(k) θ^k), Γ(2.5) = 0.75√π.
        let x = 2.0
        let reference = pow(x, 1.5) * exp(-x / 1.5) / (0.75 * Double.pi.squareRoot() * pow(1.5, 2.5))
        expectClose(gamma.logDensity(x), log(reference), tolerance: 1e-12)
        expectClose(try Gamma(shape: 2.5, rate: 1 / 1.5).logDensity(x), log(reference), tolerance: 1e-12)
        #expect(gamma.logDensity(-1) == -.infinity)
    }

    @Test func gradientMatchesFiniteDifferences() throws {
        let x = 2.0
        let g = gamma.logDensityGradient(x)
        expectClose(g.value, centralDifference(at: x) { gamma.logDensity($0) }, "value")
        expectClose(g.shape, try centralDifference(at: 2.5) { try Gamma(shape: $0, scale: 1.5).logDensity(x) }, "shape")
        expectClose(g.scale, try centralDifference(at: 1.5) { try Gamma(shape: 2.5, scale: $0).logDensity(x) }, "scale")
    }

    @Test func sampleMomentsMatch() {
        var generator = SeededGenerator(seed: 18)
        for distribution in [gamma, try! Gamma(shape: 0.4, scale: 2)] {
            let (k, theta) = (distribution.shape, distribution.scale)
            let draws = (0..<20_000).map { _ in distribution.sample(using: &generator) }
            expectMean(draws, k * theta, "mean k=\(k)")
            expectMean(draws.map { ($0 - k * theta) * ($0 - k * theta) }, k * theta * theta, "variance k=\(k)")
        }
    }

    @Test func rejectsBadParameters() {
        #expect(throws: DistributionError.invalidParameter(distribution: "gamma", parameter: "rate", value: "-2.0",
                                                           requirement: "must be positive and finite")) {
            try Gamma(shape: 1, rate: -2)
        }
        #expect(throws: DistributionError.self) { try Gamma(shape: 0, scale: 1) }
    }
}
