import Foundation
import Testing
@testable import Distributions
import Random

@Suite struct BernoulliTests {
    let bernoulli = try! Bernoulli(probability: 0.3)

    @Test func massSumsToOne() {
        expectClose(exp(bernoulli.logDensity(true)) + exp(bernoulli.logDensity(false)), 1, tolerance: 1e-15)
        expectClose(bernoulli.logDensity(true), log(0.3), tolerance: 1e-15)
    }

    @Test func gradientMatchesFiniteDifferences() throws {
        for x in [true, false] {
            expectClose(bernoulli.logDensityGradient(x).probability,
                        try centralDifference(at: 0.3) { try Bernoulli(probability: $0).logDensity(x) }, "\(x)")
        }
    }

    @Test func logitFormAgreesAndKeepsPrecisionFarFromZero() throws {
        let fromLogit = try Bernoulli(logit: log(0.3 / 0.7))
        for x in [true, false] { expectClose(fromLogit.logDensity(x), bernoulli.logDensity(x), tolerance: 1e-14, "\(x)") }
        // η = ±800: σ(η) rounds to 0 or 1, but log σ(-800) = -800 and log(1 - σ(800)) = -800 exactly.
        expectClose(try Bernoulli(logit: -800).logDensity(true), -800, tolerance: 1e-15)
        expectClose(try Bernoulli(logit: 800).logDensity(false), -800, tolerance: 1e-15)
        #expect(throws: DistributionError.self) { try Bernoulli(logit: .nan) }
    }

    @Test func logitGradientMatchesFiniteDifferences() throws {
        let logit = log(0.3 / 0.7)
        for x in [true, false] {
            expectClose(try Bernoulli(logit: logit).logDensityGradient(x).logit,
                        try centralDifference(at: logit) { try Bernoulli(logit: $0).logDensity(x) }, "\(x)")
        }
    }

    @Test func sampleFrequencyMatches() {
        var generator = SeededGenerator(seed: 15)
        expectMean((0..<20_000).map { _ in bernoulli.sample(using: &generator) ? 1 : 0 }, 0.3)
        let fromLogit = try! Bernoulli(logit: 1.2)
        expectMean((0..<20_000).map { _ in fromLogit.sample(using: &generator) ? 1 : 0 }, 1 / (1 + exp(-1.2)), "logit 1.2")
    }

    @Test func temperatureRaisesProbabilitiesToOneOverTau() throws {
        // p^(1/τ) / (p^(1/τ) + (1-p)^(1/τ)) with τ = 0.5: 0.09 / (0.09 + 0.49).
        expectClose(try bernoulli.withTemperature(0.5).probability, 0.09 / 0.58, tolerance: 1e-12)
        expectClose(try bernoulli.withTemperature(1).probability, 0.3, tolerance: 1e-12)
    }

    @Test func rejectsProbabilityOutsideUnitInterval() {
        #expect(throws: DistributionError.invalidParameter(distribution: "bernoulli", parameter: "probability", value: "1.5",
                                                           requirement: "must lie in [0, 1]")) {
            try Bernoulli(probability: 1.5)
        }
        #expect(throws: DistributionError.self) { try Bernoulli(probability: .nan) }
    }
}
