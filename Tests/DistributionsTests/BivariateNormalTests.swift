import Foundation
import Testing
@testable import Distributions
import Random

@Suite struct BivariateNormalTests {
    let distribution = try! BivariateNormal(mean: SIMD2(0.5, -1), standardDeviations: SIMD2(1.2, 0.6), correlation: -0.7)

    @Test func densityIntegratesToOneAndMatchesTheMatrixForm() {
        let mass = midpoint2D(x: -9...10, y: -5...3) { exp(distribution.logDensity(SIMD2($0, $1))) }
        expectClose(mass, 1, tolerance: 1e-6, "∫p")
        // -log 2π - ½ log det Σ - ½ (x-μ)ᵀ Σ⁻¹ (x-μ) with the 2x2 inverse written out.
        let (a, b, d) = (1.44, -0.7 * 1.2 * 0.6, 0.36)
        let det = a * d - b * b
        let (dx, dy) = (0.9 - 0.5, -0.2 + 1)
        let quadratic = (d * dx * dx - 2 * b * dx * dy + a * dy * dy) / det
        expectClose(distribution.logDensity(SIMD2(0.9, -0.2)), -log(2 * Double.pi) - 0.5 * log(det) - 0.5 * quadratic, tolerance: 1e-12)
    }

    @Test func gradientMatchesFiniteDifferences() throws {
        let x = SIMD2(0.9, -0.2)
        let g = distribution.logDensityGradient(x)
        let (mu, sd, rho) = (distribution.mean, distribution.standardDeviations, distribution.correlation)
        for i in 0..<2 {
            func with(_ v: SIMD2<Double>, _ value: Double) -> SIMD2<Double> { var copy = v; copy[i] = value; return copy }
            expectClose(g.value[i], centralDifference(at: x[i]) { distribution.logDensity(with(x, $0)) }, "x\(i)")
            expectClose(g.mean[i], try centralDifference(at: mu[i]) {
                try BivariateNormal(mean: with(mu, $0), standardDeviations: sd, correlation: rho).logDensity(x) }, "μ\(i)")
            expectClose(g.standardDeviations[i], try centralDifference(at: sd[i]) {
                try BivariateNormal(mean: mu, standardDeviations: with(sd, $0), correlation: rho).logDensity(x) }, "σ\(i)")
        }
        expectClose(g.correlation, try centralDifference(at: rho) {
            try BivariateNormal(mean: mu, standardDeviations: sd, correlation: $0).logDensity(x) }, "ρ")
    }

    @Test func sampleMomentsMatch() {
        var generator = SeededGenerator(seed: 13)
        let draws = (0..<20_000).map { _ in distribution.sample(using: &generator) }
        expectMean(draws.map(\.x), 0.5, "mean x")
        expectMean(draws.map(\.y), -1, "mean y")
        expectMean(draws.map { ($0.x - 0.5) * ($0.y + 1) }, -0.7 * 1.2 * 0.6, "covariance")
        expectMean(draws.map { ($0.y + 1) * ($0.y + 1) }, 0.36, "variance y")
    }

    @Test func rejectsBadCorrelation() {
        #expect(throws: DistributionError.invalidParameter(distribution: "mvnormal", parameter: "correlation", value: "1.0",
                                                           requirement: "must lie strictly between -1 and 1")) {
            try BivariateNormal(mean: .zero, standardDeviations: SIMD2(1, 1), correlation: 1)
        }
        #expect(throws: DistributionError.self) { try BivariateNormal(mean: .zero, standardDeviations: SIMD2(1, -1), correlation: 0) }
    }
}
