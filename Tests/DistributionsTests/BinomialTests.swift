import Foundation
import Testing
@testable import Distributions
import Random

@Suite struct BinomialTests {
    let binomial = try! Binomial(trials: 12, probability: 0.35)

    @Test func massMatchesTheClosedFormAndSumsToOne() throws {
        // C(12, 5) = 792.
        expectClose(binomial.logDensity(5), log(792 * pow(0.35, 5) * pow(0.65, 7)), tolerance: 1e-13)
        expectClose((0...12).map { exp(binomial.logDensity($0)) }.reduce(0, +), 1, tolerance: 1e-14)
        #expect(binomial.logDensity(13) == -.infinity)
        #expect(binomial.logDensity(-1) == -.infinity)
        // Certain outcomes have mass 1 (0 · log 0 = 0).
        #expect(try Binomial(trials: 4, probability: 0).logDensity(0) == 0)
        #expect(try Binomial(trials: 4, probability: 1).logDensity(4) == 0)
        #expect(try Binomial(trials: 4, probability: 1).logDensity(3) == -.infinity)
    }

    @Test func logitFormAgreesAndKeepsPrecisionFarFromZero() throws {
        let logit = log(0.35 / 0.65)
        let fromLogit = try Binomial(trials: 12, logit: logit)
        for k in 0...12 { expectClose(fromLogit.logDensity(k), binomial.logDensity(k), tolerance: 1e-12, "k = \(k)") }
        // η = -800: p = e^-800 underflows, but log p(k = 1 of 1) = log σ(-800) = -800 exactly.
        expectClose(try Binomial(trials: 1, logit: -800).logDensity(1), -800, tolerance: 1e-15)
    }

    @Test func gradientsMatchFiniteDifferences() throws {
        let logit = log(0.35 / 0.65)
        for k in [0, 5, 12] {
            let g = binomial.logDensityGradient(k)
            expectClose(g.probability, try centralDifference(at: 0.35, step: 1e-6) { try Binomial(trials: 12, probability: $0).logDensity(k) }, "p, k = \(k)")
            expectClose(g.logit, try centralDifference(at: logit) { try Binomial(trials: 12, logit: $0).logDensity(k) }, "η, k = \(k)")
        }
    }

    @Test func sampleMomentsMatchForFewAndManyTrials() throws {
        // Mean np, variance np(1-p); 1000 trials exercise the order-statistic split, 12 the direct count.
        var generator = SeededGenerator(seed: 47)
        for distribution in [binomial, try Binomial(trials: 1000, probability: 0.03), try Binomial(trials: 250_000, probability: 0.7)] {
            let n = Double(distribution.trials), p = distribution.probability
            let draws = (0..<20_000).map { _ in Double(distribution.sample(using: &generator)) }
            #expect(draws.allSatisfy { $0 >= 0 && $0 <= n })
            expectMean(draws, n * p, "mean n=\(n)")
            expectMean(draws.map { ($0 - n * p) * ($0 - n * p) }, n * p * (1 - p), "variance n=\(n)")
        }
        #expect((0..<100).allSatisfy { _ in try! Binomial(trials: 500, probability: 1).sample(using: &generator) == 500 })
        #expect((0..<100).allSatisfy { _ in try! Binomial(trials: 500, probability: 0).sample(using: &generator) == 0 })
    }

    @Test func rejectsBadParameters() {
        #expect(throws: DistributionError.invalidParameter(distribution: "binomial", parameter: "trials", value: "-1",
                                                           requirement: "must be a non-negative integer")) {
            try Binomial(trials: -1, probability: 0.5)
        }
        #expect(throws: DistributionError.self) { try Binomial(trials: 3, probability: 1.2) }
        #expect(throws: DistributionError.invalidParameter(distribution: "binomial_logit", parameter: "logit", value: "nan",
                                                           requirement: "must be a number (not NaN)")) {
            try Binomial(trials: 3, logit: .nan)
        }
    }
}
