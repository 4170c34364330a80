import Foundation
import Testing
@testable import Distributions
import Random

@Suite struct CategoricalTests {
    let categorical = try! Categorical(probabilities: [0.2, 0.5, 0.3])

    @Test func massSumsToOneAndLogitsAgree() throws {
        expectClose((0..<3).map { exp(categorical.logDensity($0)) }.reduce(0, +), 1, tolerance: 1e-15)
        #expect(categorical.logDensity(3) == -.infinity)
        let fromLogits = try Categorical(logits: [log(0.2) + 7, log(0.5) + 7, log(0.3) + 7])
        for k in 0..<3 { expectClose(fromLogits.logDensity(k), log([0.2, 0.5, 0.3][k]), tolerance: 1e-12) }
    }

    @Test func gradientMatchesFiniteDifferences() throws {
        // Perturb one probability without renormalising: the gradient treats each pᵢ as a free parameter.
        let g = categorical.logDensityGradient(1)
        let moved = centralDifference(at: 0.5) { p in log(p) }
        expectClose(g.probabilities[1], moved)
        #expect(g.probabilities[0] == 0 && g.probabilities[2] == 0)
    }

    @Test func logitGradientMatchesFiniteDifferences() throws {
        let logits = [0.3, -1.2, 2.0]
        for k in 0..<3 {
            let g = try Categorical(logits: logits).logDensityGradient(k)
            for j in 0..<3 {
                let moved = try centralDifference(at: logits[j]) { x in
                    var shifted = logits
                    shifted[j] = x
                    return try Categorical(logits: shifted).logDensity(k)
                }
                expectClose(g.logits[j], moved, "d log p(\(k)) / d η\(j)")
            }
        }
        #expect(try Categorical(logits: logits).logDensityGradient(5).logits == [0, 0, 0])
    }

    @Test func sampleFrequenciesMatch() {
        var generator = SeededGenerator(seed: 16)
        let draws = (0..<20_000).map { _ in categorical.sample(using: &generator) }
        for (k, p) in [0.2, 0.5, 0.3].enumerated() { expectMean(draws.map { $0 == k ? 1 : 0 }, p, "category \(k)") }
    }

    @Test func temperatureSharpensAsGnsModelingDoes() throws {
        // softmax(log p / τ) for τ = 0.5 is p² normalised.
        let sharpened = try categorical.withTemperature(0.5).probabilities
        let squares = [0.04, 0.25, 0.09], total = 0.38
        for k in 0..<3 { expectClose(sharpened[k], squares[k] / total, tolerance: 1e-12) }
    }

    @Test func rejectsBadWeights() {
        #expect(throws: DistributionError.invalidParameter(distribution: "categorical", parameter: "probabilities[1]",
                                                           value: "-0.1", requirement: "must be non-negative and finite")) {
            try Categorical(probabilities: [0.6, -0.1, 0.5])
        }
        #expect(throws: DistributionError.self) { try Categorical(probabilities: [0.5, 0.6]) }
        #expect(throws: DistributionError.self) { try Categorical(probabilities: []) }
        #expect(throws: DistributionError.self) { try Categorical(logits: [.nan, 0]) }
    }
}
