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
}
