import Foundation
import Testing
@testable import Distributions
import Random

@Suite struct BetaTests {
    let beta = try! Beta(alpha: 2.5, beta: 1.5)

    @Test func densityIntegratesToOneAndMatchesClosedForm() throws {
        expectClose(simpson(from: 0, to: 1, intervals: 200_000) { exp(beta.logDensity($0)) }, 1, tolerance: 1e-5, "∫p")
        // Γ(4)/(Γ(2.5)Γ(1.5)) x^1.5 (1-x)^0.5 with Γ(2.5) = 1.5·0.5·√π, Γ(1.5) = 0.5·√π.
        let x = 0.4, pi = Double.pi
        let reference = 6 / (0.75 * pi.squareRoot() * 0.5 * pi.squareRoot()) * pow(x, 1.5) * pow(1 - x, 0.5)
        expectClose(beta.logDensity(x), log(reference), tolerance: 1e-12)
        #expect(beta.logDensity(1.2) == -.infinity)
        #expect(try Beta(alpha: 1, beta: 1).logDensity(0) == 0)
    }

    @Test func gradientMatchesFiniteDifferences() throws {
        let x = 0.4
        let g = beta.logDensityGradient(x)
        expectClose(g.value, centralDifference(at: x) { beta.logDensity($0) }, "value")
        expectClose(g.alpha, try centralDifference(at: 2.5) { try Beta(alpha: $0, beta: 1.5).logDensity(x) }, "alpha")
        expectClose(g.beta, try centralDifference(at: 1.5) { try Beta(alpha: 2.5, beta: $0).logDensity(x) }, "beta")
    }

    @Test func sampleMomentsMatch() {
        var generator = SeededGenerator(seed: 17)
        let draws = (0..<20_000).map { _ in beta.sample(using: &generator) }
        expectMean(draws, 2.5 / 4, "mean")
        // Var = αβ / ((α+β)²(α+β+1)).
        expectMean(draws.map { ($0 - 0.625) * ($0 - 0.625) }, 2.5 * 1.5 / (16 * 5), "variance")
    }

    @Test func rejectsNonPositiveShapes() {
        #expect(throws: DistributionError.invalidParameter(distribution: "beta", parameter: "alpha", value: "0.0",
                                                           requirement: "must be positive and finite")) {
            try Beta(alpha: 0, beta: 1)
        }
    }
}
