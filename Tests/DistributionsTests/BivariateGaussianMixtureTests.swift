import Foundation
import Testing
@testable import Distributions
import Random

@Suite struct BivariateGaussianMixtureTests {
    let weights = [0.2, 0.5, 0.3]
    let means = [SIMD2(0.0, 0.0), SIMD2(2.0, -1.0), SIMD2(-1.5, 1.0)]
    let deviations = [SIMD2(1.0, 0.5), SIMD2(0.4, 0.8), SIMD2(0.7, 0.7)]
    let correlations = [0.3, -0.6, 0.0]
    var mixture: BivariateGaussianMixture {
        try! BivariateGaussianMixture(weights: weights, means: means, standardDeviations: deviations, correlations: correlations)
    }

    @Test func densityIsTheWeightedSumOfComponentsAndIntegratesToOne() throws {
        let m = mixture
        expectClose(midpoint2D(x: -8...7, y: -7...7) { exp(m.logDensity(SIMD2($0, $1))) }, 1, tolerance: 1e-6, "∫p")
        let x = SIMD2(0.7, -0.3)
        var reference = 0.0
        for k in 0..<3 {
            let component = try BivariateNormal(mean: means[k], standardDeviations: deviations[k], correlation: correlations[k])
            reference += weights[k] * exp(component.logDensity(x))
        }
        expectClose(m.logDensity(x), log(reference), tolerance: 1e-12)
    }

    @Test func gradientMatchesFiniteDifferences() throws {
        let x = SIMD2(0.7, -0.3)
        let g = mixture.logDensityGradient(x)
        let logits = weights.map { log($0) }
        func density(logits: [Double] = logits, means: [SIMD2<Double>]? = nil, deviations: [SIMD2<Double>]? = nil,
                     correlations: [Double]? = nil) throws -> Double {
            try BivariateGaussianMixture(logits: logits, means: means ?? self.means, standardDeviations: deviations ?? self.deviations,
                                         correlations: correlations ?? self.correlations).logDensity(x)
        }
        for d in 0..<2 {
            expectClose(g.value[d], centralDifference(at: x[d]) { v in var y = x; y[d] = v; return mixture.logDensity(y) }, "x\(d)")
        }
        for k in 0..<3 {
            expectClose(g.logits[k], try centralDifference(at: logits[k]) { v in var l = logits; l[k] = v; return try density(logits: l) }, "logit \(k)")
            expectClose(g.correlations[k], try centralDifference(at: correlations[k]) { v in
                var c = correlations; c[k] = v; return try density(correlations: c) }, "ρ\(k)")
            for d in 0..<2 {
                expectClose(g.means[k][d], try centralDifference(at: means[k][d]) { v in
                    var m = means; m[k][d] = v; return try density(means: m) }, "μ\(k)\(d)")
                expectClose(g.standardDeviations[k][d], try centralDifference(at: deviations[k][d]) { v in
                    var s = deviations; s[k][d] = v; return try density(deviations: s) }, "σ\(k)\(d)")
            }
        }
    }

    @Test func sampleMomentsMatch() {
        var generator = SeededGenerator(seed: 21)
        let draws = (0..<20_000).map { _ in mixture.sample(using: &generator) }
        let meanX = zip(weights, means).map { $0 * $1.x }.reduce(0, +)
        let meanY = zip(weights, means).map { $0 * $1.y }.reduce(0, +)
        expectMean(draws.map(\.x), meanX, "mean x")
        expectMean(draws.map(\.y), meanY, "mean y")
        // E[x²] = Σ wₖ (σₖ² + μₖ²).
        let secondX = (0..<3).map { weights[$0] * (deviations[$0].x * deviations[$0].x + means[$0].x * means[$0].x) }.reduce(0, +)
        expectMean(draws.map { $0.x * $0.x }, secondX, "E[x²]")
    }

    @Test func temperatureDividesLogitsAndScalesVariances() throws {
        let tau = 0.5
        let cooled = try mixture.withTemperature(tau)
        let powered = weights.map { pow($0, 1 / tau) }
        let total = powered.reduce(0, +)
        for k in 0..<3 {
            expectClose(exp(cooled.logWeights[k]), powered[k] / total, tolerance: 1e-12, "weight \(k)")
            let variance = cooled.components[k].standardDeviations * cooled.components[k].standardDeviations
            expectClose(variance.x, deviations[k].x * deviations[k].x * tau, tolerance: 1e-12, "variance \(k)")
            #expect(cooled.components[k].mean == means[k] && cooled.components[k].correlation == correlations[k])
        }
    }

    @Test func rejectsBadParametersNamingTheComponent() {
        #expect(throws: DistributionError.invalidParameter(distribution: "gmm2", parameter: "component 1 correlation",
                                                           value: "1.5", requirement: "must lie strictly between -1 and 1")) {
            try BivariateGaussianMixture(weights: [0.5, 0.5], means: [.zero, .zero], standardDeviations: [SIMD2(1, 1), SIMD2(1, 1)],
                                         correlations: [0, 1.5])
        }
        #expect(throws: DistributionError.wrongLength(distribution: "gmm2", argument: "means", expected: 2, actual: 1)) {
            try BivariateGaussianMixture(weights: [0.5, 0.5], means: [.zero], standardDeviations: [SIMD2(1, 1), SIMD2(1, 1)],
                                         correlations: [0, 0])
        }
        #expect(throws: DistributionError.self) {
            try BivariateGaussianMixture(weights: [0.7, 0.7], means: [.zero, .zero], standardDeviations: [SIMD2(1, 1), SIMD2(1, 1)],
                                         correlations: [0, 0])
        }
    }
}
