import Foundation
import Testing
@testable import Inference
import Language
import Random
import Distributions

@Suite struct MetropolisHastingsTests {
    /// Stationarity: chains started at exact posterior draws stay distributed as the posterior. With 1000
    /// independent chains, the mean and second moment after 5 steps are within 5 standard errors of Beta's.
    @Test func selectionMovesKeepTheCoinPosteriorStationary() throws {
        let model = try TestModels.model(TestModels.coinSource, "coin")
        let heads = Double(TestModels.flips.filter { $0 }.count), n = Double(TestModels.flips.count)
        let (a, b) = (2 + heads, 3 + n - heads)
        let posterior = try Beta(alpha: a, beta: b)
        var generator = SeededGenerator(seed: 21)
        var finals: [Double] = []
        var accepted = 0
        for _ in 0..<1000 {
            let start = posterior.sample(using: &generator)
            var trace = try model.generate(TestModels.flipValues, constraints: ChoiceMap(["p": .number(start)]), using: &generator).trace
            for _ in 0..<5 {
                let step = try model.metropolisHastings(trace, selection: Selection(["p"]), using: &generator)
                trace = step.trace
                if step.accepted { accepted += 1 }
            }
            finals.append(trace["p"]!.numberValue!)
        }
        let mean = a / (a + b)
        let variance = a * b / ((a + b) * (a + b) * (a + b + 1))
        expectMean(finals, mean, "posterior mean")
        expectMean(finals.map { ($0 - mean) * ($0 - mean) }, variance, "posterior variance")
        #expect(accepted > 0 && accepted < 1000 * 5)
    }

    /// A custom random-walk proposal (symmetric, so the acceptance ratio is the score ratio) keeps the
    /// normal-mean posterior stationary.
    @Test func customProposalKeepsTheNormalPosteriorStationary() throws {
        let model = try TestModels.model(TestModels.normalSource, "normal_mean")
        let proposal = try TestModels.model("""
        def walk(current) {
          sample("mu", normal(current.mu, 0.3))
        }
        """, "walk")
        let exact = Exact.normalNormal(priorMean: 1, priorSD: 2, noiseSD: 0.5, ys: TestModels.ys)
        let posterior = try Normal(mean: exact.mean, standardDeviation: exact.sd)
        var generator = SeededGenerator(seed: 22)
        var finals: [Double] = []
        for _ in 0..<1000 {
            let start = posterior.sample(using: &generator)
            var trace = try model.generate(TestModels.yValues, constraints: ChoiceMap(["mu": .number(start)]), using: &generator).trace
            for _ in 0..<3 {
                trace = try model.metropolisHastings(trace, proposal: proposal, currentChoices: { trace in
                    .record(Record(names: ["mu"], values: [trace["mu"]!]))
                }, using: &generator).trace
            }
            finals.append(trace["mu"]!.numberValue!)
        }
        expectMean(finals, exact.mean, "posterior mean")
        expectMean(finals.map { ($0 - exact.mean) * ($0 - exact.mean) }, exact.sd * exact.sd, "posterior variance")
    }
}
