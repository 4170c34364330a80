import Foundation
import Testing
@testable import Distributions
import Random

@Suite struct DirichletTests {
    let alphas = [2.0, 3.0, 1.5]
    var dirichlet: Dirichlet { try! Dirichlet(concentrations: alphas) }

    @Test func densityIntegratesToOneOverTheSimplex() throws {
        // Integrate over (x₁, x₂) with x₃ = 1 - x₁ - x₂: the density is with respect to the first K-1 coordinates.
        let d = dirichlet
        let mass = midpoint2D(x: 0...1, y: 0...1, n: 1000) { x, y in
            x + y >= 1 ? 0 : exp((try? d.logDensity([x, y, 1 - x - y])) ?? -.infinity)
        }
        expectClose(mass, 1, tolerance: 2e-3, "∫p")
        #expect(try d.logDensity([0.5, 0.6, -0.1]) == -.infinity)
        // The two-component Dirichlet is a beta on the first coordinate.
        expectClose(try Dirichlet(concentrations: [2.5, 1.5]).logDensity([0.4, 0.6]),
                    try Beta(alpha: 2.5, beta: 1.5).logDensity(0.4), tolerance: 1e-12)
    }

    @Test func gradientMatchesFiniteDifferences() throws {
        let x = [0.2, 0.5, 0.3]
        let g = try dirichlet.logDensityGradient(x)
        for i in 0..<3 {
            func with(_ v: [Double], _ value: Double) -> [Double] { var copy = v; copy[i] = value; return copy }
            expectClose(g.concentrations[i], try centralDifference(at: alphas[i]) {
                try Dirichlet(concentrations: with(alphas, $0)).logDensity(x) }, "α\(i)")
            // The ambient value gradient, checked along a direction inside the simplex: xᵢ up, xⱼ down.
            let j = (i + 1) % 3
            let directional = try centralDifference(at: 0) { t in
                var moved = x; moved[i] += t; moved[j] -= t
                return try dirichlet.logDensity(moved)
            }
            expectClose(g.value[i] - g.value[j], directional, "x\(i) - x\(j)")
        }
    }

    @Test func sampleMomentsMatch() {
        var generator = SeededGenerator(seed: 20)
        let draws = (0..<20_000).map { _ in dirichlet.sample(using: &generator) }
        for i in 0..<3 { expectMean(draws.map { $0[i] }, alphas[i] / 6.5, "mean \(i)") }
    }

    @Test func rejectsBadConcentrationsAndLengths() {
        #expect(throws: DistributionError.invalidParameter(distribution: "dirichlet", parameter: "concentrations[1]",
                                                           value: "-1.0", requirement: "must be positive and finite")) {
            try Dirichlet(concentrations: [1, -1])
        }
        #expect(throws: DistributionError.self) { try Dirichlet(concentrations: [1]) }
        #expect(throws: DistributionError.self) { try dirichlet.logDensity([0.5, 0.5]) }
    }
}
