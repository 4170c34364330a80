import Foundation
import Testing
@testable import Inference
import Language
import Random

/// The motivating model: `Examples/inference/linear_regression.gns`, a plain regression with wide priors,
/// on R's `cars` data. HMC must recover the exact posterior where prior-resimulation MH stalls.
@Suite struct RegressionTests {
    static let speed: [Double] = [4, 4, 7, 7, 8, 9, 10, 10, 10, 11, 11, 12, 12, 12, 12, 13, 13, 13, 13, 14, 14, 14, 14, 15, 15,
                                  15, 16, 16, 17, 17, 17, 18, 18, 18, 18, 19, 19, 19, 20, 20, 20, 20, 20, 22, 23, 24, 24, 24, 24, 25]
    static let distance: [Double] = [2, 10, 4, 22, 16, 10, 18, 26, 34, 17, 28, 14, 20, 24, 28, 26, 34, 34, 46, 26, 36, 60, 80, 20, 26,
                                     54, 32, 40, 32, 40, 50, 42, 56, 76, 84, 36, 46, 68, 32, 48, 52, 56, 64, 66, 54, 70, 92, 93, 120, 85]
    static var data: [Value] { [.list(speed.map(Value.number)), .list(distance.map(Value.number))] }

    /// Sums of the design: n, Σx, Σx², Σy, Σxy.
    static var sums: (n: Double, x: Double, xx: Double, y: Double, xy: Double) {
        (Double(speed.count), speed.reduce(0, +), speed.reduce(0) { $0 + $1 * $1 }, distance.reduce(0, +),
         zip(speed, distance).reduce(0) { $0 + $1.0 * $1.1 })
    }

    /// With the noise sd fixed at σ, (slope, intercept) has the conjugate Gaussian posterior: precision
    /// XᵀX/σ² + I/100², mean = covariance · Xᵀy/σ². Returns means and sds in the order (slope, intercept).
    static func conjugate(noise sigma: Double) -> (mean: [Double], sd: [Double]) {
        let s = sums, v = sigma * sigma, prior = 1 / (100.0 * 100)
        let (a, b, d) = (s.xx / v + prior, s.x / v, s.n / v + prior)   // precision [[a, b], [b, d]] for (slope, intercept)
        let det = a * d - b * b
        let covariance = [[d / det, -b / det], [-b / det, a / det]]
        let rhs = [s.xy / v, s.y / v]
        let mean = [covariance[0][0] * rhs[0] + covariance[0][1] * rhs[1], covariance[1][0] * rhs[0] + covariance[1][1] * rhs[1]]
        return (mean, [covariance[0][0].squareRoot(), covariance[1][1].squareRoot()])
    }

    func chains(_ model: Model, selection: Selection, fixedNoise: Double?) throws -> [MarkovChain] {
        try model.chains(4, seed: 9) { _, generator in
            let constraints = fixedNoise.map { ChoiceMap(["noise": .number($0)]) } ?? ChoiceMap()
            let start = try model.generate(Self.data, constraints: constraints, using: &generator).trace
            return try model.hamiltonianMonteCarlo(start, selection: selection, settings: HMCSettings(steps: 1000, burnIn: 500),
                                                   using: &generator)
        }
    }

    /// |mean - μ| ≤ 5 σ/√ESS per coordinate (ESS from the chains themselves, multi-chain and split), and split
    /// R-hat below 1.05 (chains started from the wide prior must have forgotten their starts).
    func expectPosterior(_ chains: [MarkovChain], _ exact: (mean: [Double], sd: [Double]), columns: [Int],
                         sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        for (j, column) in columns.enumerated() {
            let draws = chains.map { $0.column(column) }
            let ess = ChainDiagnostics.effectiveSampleSize(draws)
            let pooled = draws.flatMap { $0 }
            let mean = pooled.reduce(0, +) / Double(pooled.count)
            let sd = (pooled.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(pooled.count - 1)).squareRoot()
            #expect(ess > 200, "\(chains[0].coordinates[column]): ESS \(ess)", sourceLocation: sourceLocation)
            #expect(abs(mean - exact.mean[j]) <= 5 * exact.sd[j] / ess.squareRoot(),
                    "\(chains[0].coordinates[column]): mean \(mean) vs \(exact.mean[j])", sourceLocation: sourceLocation)
            // The sd's relative standard error is about 1/√(2 ESS) (≤ 0.05 at ESS ≥ 200): 5 of those.
            #expect(abs(sd / exact.sd[j] - 1) <= 5 / (2 * ess).squareRoot(),
                    "\(chains[0].coordinates[column]): sd \(sd) vs \(exact.sd[j])", sourceLocation: sourceLocation)
            #expect(ChainDiagnostics.splitRHat(draws) < 1.05, sourceLocation: sourceLocation)
        }
    }

    @Test func hmcWithTheNoiseFixedMatchesTheConjugatePosterior() throws {
        let model = try TestModels.exampleModel("inference/linear_regression.gns", "regression")
        let chains = try chains(model, selection: Selection(["slope", "intercept"]), fixedNoise: 15.38)
        #expect(chains[0].coordinates == ["slope", "intercept"])
        expectPosterior(chains, Self.conjugate(noise: 15.38), columns: [0, 1])
        #expect(chains.allSatisfy { $0.last["noise"]?.numberValue == 15.38 })
    }

    @Test func hmcOnTheFullModelMatchesTheStudentTPosterior() throws {
        // With σ ~ uniform(0, 100) (flat on its support, which holds the posterior) and priors of sd 100
        // (shrinkage ~ posterior var / prior var ≈ 2e-5, negligible), (slope, intercept) is Student-t with
        // ν = n - 3 degrees of freedom around least squares, covariance RSS/(ν - 2) · (XᵀX)⁻¹.
        let model = try TestModels.exampleModel("inference/linear_regression.gns", "regression")
        let chains = try chains(model, selection: .all, fixedNoise: nil)
        #expect(chains[0].coordinates == ["slope", "intercept", "noise"])
        let s = Self.sums
        let sxx = s.xx - s.x * s.x / s.n
        let slope = (s.xy - s.x * s.y / s.n) / sxx
        let intercept = (s.y - slope * s.x) / s.n
        let rss = zip(Self.speed, Self.distance).reduce(0) { $0 + pow($1.1 - intercept - slope * $1.0, 2) }
        let scale = rss / (s.n - 5)
        expectPosterior(chains, ([slope, intercept], [(scale / sxx).squareRoot(), (scale * s.xx / (s.n * sxx)).squareRoot()]),
                        columns: [0, 1])
        #expect(chains.allSatisfy { $0.draws.allSatisfy { $0[2] > 0 && $0[2] < 100 } })
    }

    @Test func theExampleScriptPrintsTheLeastSquaresSlope() throws {
        let lines = PrintedLines()
        let program = try Program.load(path: TestModels.example("inference/regression_hmc.gns"), builtins: .withInference)
        var generator = SeededGenerator(seed: 2026)
        try Interpreter(program: program, output: { lines.append($0) }).run(generator: &generator)
        let mean = try #require(Double(lines.all.last ?? ""))
        // 2 chains x 1000 draws with ESS well above 200: standard error ≤ 0.43 / √200 ≈ 0.03; 5 of those.
        #expect(abs(mean - 3.9324) < 0.15)
    }
}
