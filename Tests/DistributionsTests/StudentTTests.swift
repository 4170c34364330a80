import Foundation
import Testing
@testable import Distributions
import Random

@Suite struct StudentTTests {
    let t = try! StudentT(degreesOfFreedom: 5, location: 1.5, scale: 2)

    @Test func densityMatchesTheClosedFormAndIntegratesToOne() throws {
        // ν = 5: Γ(3) / (Γ(5/2) √(5π) σ) (1 + z²/5)^(-3), Γ(5/2) = 0.75 √π.
        let x = 0.3, z = (0.3 - 1.5) / 2
        let reference = 2 / (0.75 * Double.pi.squareRoot() * (5 * Double.pi).squareRoot() * 2) * pow(1 + z * z / 5, -3)
        expectClose(t.logDensity(x), log(reference), tolerance: 1e-12)
        // ν = 1 is the Cauchy.
        let cauchy = try Cauchy(location: 1.5, scale: 2)
        expectClose(try StudentT(degreesOfFreedom: 1, location: 1.5, scale: 2).logDensity(x), cauchy.logDensity(x), tolerance: 1e-12)
        // Tails fall as |x|^-6: ∫ beyond ±2000 is below 1e-14.
        expectClose(simpson(from: -2000, to: 2000, intervals: 400_000) { exp(t.logDensity($0)) }, 1, tolerance: 1e-8, "∫p")
    }

    @Test func gradientMatchesFiniteDifferences() throws {
        for x in [-4.0, 0.3, 7.5] {
            let g = t.logDensityGradient(x)
            expectClose(g.value, centralDifference(at: x) { t.logDensity($0) }, "value at \(x)")
            expectClose(g.degreesOfFreedom, try centralDifference(at: 5) { try StudentT(degreesOfFreedom: $0, location: 1.5, scale: 2).logDensity(x) }, "ν at \(x)")
            expectClose(g.location, try centralDifference(at: 1.5) { try StudentT(degreesOfFreedom: 5, location: $0, scale: 2).logDensity(x) }, "μ at \(x)")
            expectClose(g.scale, try centralDifference(at: 2) { try StudentT(degreesOfFreedom: 5, location: 1.5, scale: $0).logDensity(x) }, "σ at \(x)")
        }
    }

    @Test func sampleMomentsMatch() {
        // ν = 5: mean μ, variance σ² ν/(ν-2) = 20/3. The squared deviations have a finite variance only for ν > 4,
        // so expectMean's CLT standard error is valid for both moments.
        var generator = SeededGenerator(seed: 41)
        let draws = (0..<40_000).map { _ in t.sample(using: &generator) }
        expectMean(draws, 1.5, "mean")
        expectMean(draws.map { ($0 - 1.5) * ($0 - 1.5) }, 4 * 5.0 / 3, "variance")
    }

    @Test func rejectsBadParameters() {
        #expect(throws: DistributionError.invalidParameter(distribution: "student_t", parameter: "degrees of freedom", value: "0.0",
                                                           requirement: "must be positive and finite")) {
            try StudentT(degreesOfFreedom: 0, location: 0, scale: 1)
        }
        #expect(throws: DistributionError.self) { try StudentT(degreesOfFreedom: 3, location: .infinity, scale: 1) }
        #expect(throws: DistributionError.self) { try StudentT(degreesOfFreedom: 3, location: 0, scale: -1) }
    }
}
