import Foundation
import Testing
@testable import Distributions
import Random

@Suite struct PoissonTests {
    let poisson = try! Poisson(rate: 3.5)

    @Test func massSumsToOneAndMatchesClosedForm() {
        expectClose((0..<100).map { exp(poisson.logDensity($0)) }.reduce(0, +), 1, tolerance: 1e-12)
        // λ^k e^-λ / k! for k = 4.
        expectClose(poisson.logDensity(4), log(pow(3.5, 4) * exp(-3.5) / 24), tolerance: 1e-12)
        #expect(poisson.logDensity(-1) == -.infinity)
    }

    @Test func gradientMatchesFiniteDifferences() throws {
        expectClose(poisson.logDensityGradient(4).rate, try centralDifference(at: 3.5) { try Poisson(rate: $0).logDensity(4) })
    }

    @Test func sampleMomentsMatch() {
        var generator = SeededGenerator(seed: 19)
        for rate in [3.5, 40] {
            let distribution = try! Poisson(rate: rate)
            let draws = (0..<20_000).map { _ in Double(distribution.sample(using: &generator)) }
            expectMean(draws, rate, "mean λ=\(rate)")
            expectMean(draws.map { ($0 - rate) * ($0 - rate) }, rate, "variance λ=\(rate)")
        }
    }

    @Test func rejectsNonPositiveRate() {
        #expect(throws: DistributionError.self) { try Poisson(rate: 0) }
    }

    @Test func rejectsRatesWhoseCountsWouldOverflow() throws {
        // These rates trapped in the sampler's Double-to-Int conversion; now they are parameter errors.
        for rate in [9.3e18, 1e19, 1e300] {
            #expect(throws: DistributionError.self) { try Poisson(rate: rate) }
        }
        // The largest accepted rate samples a finite count near its mean (40 standard deviations of slack).
        var generator = SeededGenerator(seed: 3)
        let draw = Double(try Poisson(rate: Poisson.maximumRate).sample(using: &generator))
        #expect(abs(draw - Poisson.maximumRate) < 40 * Poisson.maximumRate.squareRoot())
    }
}
