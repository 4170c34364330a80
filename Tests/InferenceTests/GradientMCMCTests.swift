import Foundation
import Testing
@testable import Inference
import Language
import Random

/// HMC, MALA and random-walk MH against exact posteriors: chains started from exact posterior draws must stay
/// there. Each check allows 5 standard errors, the standard error being the exact posterior sd over the square
/// root of the chains' own effective sample size (multi-chain, split; checked separately below), so a chain
/// that drifts or has the wrong spread fails while a correct one passes with probability > 0.9999 per check.
@Suite struct GradientMCMCTests {
    /// Moments of draws against the exact mean and sd: |mean - μ| ≤ 5 σ/√ESS and, for the variance of a
    /// roughly Gaussian quantity, |s² - σ²| ≤ 5 σ² √(2/ESS).
    func expectMoments(_ chains: [MarkovChain], column: Int, mean: Double, sd: Double, _ label: String,
                       sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let columns = chains.map { $0.column(column) }
        let ess = ChainDiagnostics.effectiveSampleSize(columns)
        let pooled = columns.flatMap { $0 }
        let n = Double(pooled.count)
        let sampleMean = pooled.reduce(0, +) / n
        let variance = pooled.reduce(0) { $0 + ($1 - sampleMean) * ($1 - sampleMean) } / (n - 1)
        #expect(ess > 100, "\(label): effective sample size \(ess)", sourceLocation: sourceLocation)
        #expect(abs(sampleMean - mean) <= 5 * sd / ess.squareRoot(), "\(label): mean \(sampleMean) vs \(mean) (ESS \(ess))",
                sourceLocation: sourceLocation)
        #expect(abs(variance - sd * sd) <= 5 * sd * sd * (2 / ess).squareRoot(),
                "\(label): variance \(variance) vs \(sd * sd) (ESS \(ess))", sourceLocation: sourceLocation)
    }

    /// Four chains on the point model of ``PointChoicesTests``, chain i started at exact posterior draw i.
    func pointChains(_ run: (Model, Trace, inout SeededGenerator) throws -> MarkovChain) throws -> [MarkovChain] {
        let model = try TestModels.model(PointChoicesTests.source, "points")
        let exact = PointChoicesTests.exact
        let c = exact.covariance
        let (l11, l21) = (c[0][0].squareRoot(), c[1][0] / c[0][0].squareRoot())
        let l22 = (c[1][1] - l21 * l21).squareRoot()
        return try model.chains(4, seed: 11) { _, generator in
            let (z1, z2) = (generator.nextNormal(), generator.nextNormal())
            let draw = [exact.mean[0] + l11 * z1, exact.mean[1] + l21 * z1 + l22 * z2]
            let constraints = ChoiceMap(["p": .list(draw.map(Value.number)), "k": .number(2), "other": .number(0)])
            let start = try model.generate(PointChoicesTests.data, constraints: constraints, using: &generator).trace
            return try run(model, start, &generator)
        }
    }

    func expectPointPosterior(_ chains: [MarkovChain], _ label: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
        let exact = PointChoicesTests.exact
        #expect(chains[0].coordinates == ["p", "p"], sourceLocation: sourceLocation)
        for axis in 0..<2 {
            expectMoments(chains, column: axis, mean: exact.mean[axis], sd: exact.covariance[axis][axis].squareRoot(),
                          "\(label) axis \(axis)", sourceLocation: sourceLocation)
        }
        #expect(chains.allSatisfy { $0.last["k"]?.numberValue == 2 && $0.last["other"]?.numberValue == 0 },
                "unselected choices stay", sourceLocation: sourceLocation)
    }

    @Test func hmcWithAFixedStepStaysOnTheExactPosteriorOfAPoint() throws {
        let settings = HMCSettings(steps: 600, burnIn: 0, stepSize: 0.15, leapfrogSteps: 8, adapt: false)
        let chains = try pointChains { model, start, generator in
            try model.hamiltonianMonteCarlo(start, selection: Selection(["p"]), settings: settings, using: &generator)
        }
        expectPointPosterior(chains, "HMC")
        #expect(chains.allSatisfy { $0.stepSize == 0.15 && $0.acceptanceRate > 0.5 })
    }

    @Test func malaStaysOnTheExactPosteriorOfAPoint() throws {
        let settings = HMCSettings.langevin(steps: 1500, burnIn: 0, stepSize: 0.3, adapt: false)
        let chains = try pointChains { model, start, generator in
            try model.hamiltonianMonteCarlo(start, selection: Selection(["p"]), settings: settings, using: &generator)
        }
        expectPointPosterior(chains, "MALA")
    }

    @Test(arguments: [false, true])
    func randomWalkStaysOnTheExactPosteriorOfAPoint(block: Bool) throws {
        let settings = RandomWalkSettings(steps: 2000, burnIn: 200, stepSize: 0.5, block: block)
        let chains = try pointChains { model, start, generator in
            try model.randomWalkMetropolis(start, selection: Selection(["p"]), settings: settings, using: &generator)
        }
        expectPointPosterior(chains, block ? "block random walk" : "single-site random walk")
        // Adaptation aims at 0.234 for a two-number block; a well-tuned rate lands within [0.1, 0.5].
        #expect(chains.allSatisfy { $0.acceptanceRate > 0.1 && $0.acceptanceRate < 0.5 })
    }

    /// A coin's bias under a uniform prior: the posterior Beta(1 + heads, 1 + tails) lives in (0, 1), which the
    /// samplers reach through the logit transform; without its Jacobian the draws would follow Beta(heads, tails).
    @Test(arguments: [1, 10])
    func gradientChainsOnABoundedChoiceFollowTheBetaPosterior(leapfrogSteps: Int) throws {
        let model = try TestModels.model("""
        def coin(flips) {
          let p = sample("p", uniform(0, 1))
          for i in 0..len(flips) {
            observe(("flip", i), bernoulli(p), flips[i])
          }
          return p
        }
        """, "coin")
        let flips = TestModels.flips
        let (a, b) = (1 + Double(flips.filter { $0 }.count), 1 + Double(flips.filter { !$0 }.count))
        let settings = HMCSettings(steps: leapfrogSteps == 1 ? 2000 : 600, burnIn: 0, stepSize: leapfrogSteps == 1 ? 0.8 : 0.3,
                                   leapfrogSteps: leapfrogSteps, adapt: false)
        let chains = try model.chains(4, seed: 5) { _, generator in
            let draw = generator.nextBeta(a, b)
            let start = try model.generate(TestModels.flipValues, constraints: ChoiceMap(["p": .number(draw)]), using: &generator).trace
            return try model.hamiltonianMonteCarlo(start, selection: .all, settings: settings, using: &generator)
        }
        expectMoments(chains, column: 0, mean: a / (a + b), sd: (a * b / ((a + b) * (a + b) * (a + b + 1))).squareRoot(), "p")
        #expect(chains.allSatisfy { $0.draws.allSatisfy { $0[0] > 0 && $0[0] < 1 } })
    }

    @Test func chainsDoNotDependOnHowManyRunAlongside() throws {
        let settings = HMCSettings(steps: 50, burnIn: 20, stepSize: 0.1, leapfrogSteps: 3)
        let model = try TestModels.model(PointChoicesTests.source, "points")
        var generator = SeededGenerator(seed: 8)
        let start = try model.simulate(PointChoicesTests.data, using: &generator)
        let alone = try model.chains(1, seed: 4) { _, g in
            try model.hamiltonianMonteCarlo(start, selection: Selection(["p"]), settings: settings, using: &g)
        }
        let together = try model.chains(3, seed: 4) { _, g in
            try model.hamiltonianMonteCarlo(start, selection: Selection(["p"]), settings: settings, using: &g)
        }
        #expect(alone[0].draws == together[0].draws)
        #expect(together[1].draws != together[0].draws)
    }

    @Test func effectiveSampleSizeAndRHatOfKnownChains() {
        var generator = SeededGenerator(seed: 21)
        let n = 4000
        let independent = (0..<4).map { _ in (0..<n).map { _ in generator.nextNormal() } }
        // Independent draws: ESS ≈ 4n = 16000; its estimate has relative sd ≈ √(2/n_lags)... well within 15%.
        let ess = ChainDiagnostics.effectiveSampleSize(independent)
        #expect(abs(ess / Double(4 * n) - 1) < 0.15, "ESS of independent draws: \(ess)")
        #expect(abs(ChainDiagnostics.splitRHat(independent) - 1) < 0.01)
        // AR(1) with ρ = 0.9 and stationary start: τ = (1 + ρ)/(1 - ρ) = 19, so ESS ≈ 4n/19 ≈ 842; the
        // estimator's relative error at this length is about 10%, so 30% is a loose but failing-capable bound.
        let rho = 0.9
        let correlated = (0..<4).map { _ in
            var x = generator.nextNormal()
            return (0..<n).map { _ in
                x = rho * x + (1 - rho * rho).squareRoot() * generator.nextNormal()
                return x
            }
        }
        let arESS = ChainDiagnostics.effectiveSampleSize(correlated)
        #expect(abs(arESS / (Double(4 * n) * (1 - rho) / (1 + rho)) - 1) < 0.3, "ESS of AR(1): \(arESS)")
        // Chains centred 1 sd apart have not mixed: R-hat ≈ √(1 + 1/4 · 4/3) ≈ 1.15.
        let apart = independent.enumerated().map { i, chain in chain.map { $0 + Double(i % 2) } }
        #expect(ChainDiagnostics.splitRHat(apart) > 1.1)
    }
}
