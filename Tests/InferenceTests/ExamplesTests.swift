import Distributions
import Foundation
import Testing
@testable import Inference
import Language
import Random

/// Every program in `Examples/` runs as a script, and its model's posterior matches the exact answer.
@Suite struct ExamplesTests {
    /// Runs an example file's top level and returns what it printed.
    func runScript(_ file: String) throws -> [String] {
        let lines = PrintedLines()
        let program = try Program.load(path: TestModels.example(file), builtins: .withInference)
        var generator = SeededGenerator(seed: 2026)
        try Interpreter(program: program, output: { lines.append($0) }).run(generator: &generator)
        return lines.all
    }

    @Test func coinScriptPrintsThePosteriorMean() throws {
        let printed = try runScript("coin.gns")
        let mean = try #require(Double(printed.last ?? ""))
        // Beta(4, 2) mean 2/3; 2000 particles with ESS ≳ 700 give a standard error below 0.007.
        #expect(abs(mean - 2.0 / 3) < 0.035)
    }

    @Test func normalMeanScriptPrintsThePosteriorMean() throws {
        let printed = try runScript("normal_mean.gns")
        let mean = try #require(Double(printed.last ?? ""))
        let ys = [1.2, 0.4, 2.1, 1.5, 0.9]
        let exact = Exact.normalNormal(priorMean: 0, priorSD: 2, noiseSD: 1, ys: ys)
        #expect(abs(mean - exact.mean) < 5 * exact.sd / 20)
    }

    @Test func hmmLogEvidenceMatchesTheForwardAlgorithm() throws {
        let model = try TestModels.exampleModel("hmm.gns", "hmm")
        let ys = [-2.1, -1.7, -2.4, 0.2, 0.1, -0.3, 2.2, 1.9, 2.5, 2.0, 0.1, -0.2, -2.0, -1.8, 0.3, 2.1]
        let exact = Exact.hmm(initial: [1.0 / 3, 1.0 / 3, 1.0 / 3],
                              transitions: [[0.8, 0.1, 0.1], [0.1, 0.8, 0.1], [0.1, 0.1, 0.8]],
                              means: [-2, 0, 2], sd: 1, ys: ys)
        let result = try model.importanceSampling([.list(ys.map(Value.number))], particles: 8000, seed: 31)
        #expect(abs(result.logMarginalLikelihood - exact.logEvidence) <= 5 * logEvidenceStandardError(result.logWeights))
        _ = try runScript("hmm.gns")
    }

    @Test func gaussianMixtureLogEvidenceMatchesEnumeration() throws {
        let model = try TestModels.exampleModel("gaussian_mixture.gns", "gaussian_mixture")
        let ys = [-2.3, -1.9, -2.6, 2.2, 1.8, 2.5]
        // Sum over the 64 cluster assignments: each cluster's points are a normal-normal model with prior N(0, 3²).
        var terms: [Double] = []
        for assignment in 0..<64 {
            var term = Double(ys.count) * log(0.5)
            for cluster in 0..<2 {
                let members = ys.indices.filter { (assignment >> $0) & 1 == cluster }.map { ys[$0] }
                if !members.isEmpty {
                    term += Exact.normalNormal(priorMean: 0, priorSD: 3, noiseSD: 1, ys: members).logEvidence
                }
            }
            terms.append(term)
        }
        let result = try model.importanceSampling([.list(ys.map(Value.number))], particles: 8000, seed: 32)
        let logEvidence = Special.logSumExp(terms)
        #expect(abs(result.logMarginalLikelihood - logEvidence) <= 5 * logEvidenceStandardError(result.logWeights))
        // The script prints its evidence estimate and P(points 0 and 3 share a cluster); both against enumeration.
        let printed = try runScript("gaussian_mixture.gns").compactMap(Double.init)
        let together = (0..<64).filter { ($0 & 1) == (($0 >> 3) & 1) }.reduce(0) { $0 + exp(terms[$1] - logEvidence) }
        #expect(printed.count == 2)
        // The script's 5000 particles: 5 standard errors, scaled up by √(8000/5000) from this run's.
        #expect(abs(printed[0] - logEvidence) <= 5 * (8.0 / 5).squareRoot() * logEvidenceStandardError(result.logWeights))
        #expect(abs(printed[1] - together) < 0.05)
    }

    @Test func regressionFlagsTheOutlier() throws {
        let model = try TestModels.exampleModel("regression_outliers.gns", "regression")
        let xs: [Double] = [-5, -4, -3, -2, -1, 0, 1, 2, 3, 4, 5]
        let ys = [-4.4, -3.9, -3.2, -2.5, -1.6, -1.1, -0.2, 0.5, 9.0, 1.7, 2.4]
        var generator = SeededGenerator(seed: 33)
        // MH over every latent choice, started from a prior draw; after burn-in the point at x = 3 is an outlier.
        var trace = try model.simulate([.list(xs.map(Value.number)), .list(ys.map(Value.number))], using: &generator)
        let latents = trace.addresses.filter { trace.entries[$0]?.origin == .sampled }
        var flagged = 0
        for sweep in 0..<300 {
            for address in latents {
                trace = try model.metropolisHastings(trace, selection: Selection([address]), using: &generator).trace
            }
            if sweep >= 100, case .bool(true)? = trace[Address([.name("outlier"), .index(8)])] { flagged += 1 }
        }
        #expect(Double(flagged) / 200 > 0.9)
        _ = try runScript("regression_outliers.gns")
    }
}

/// The scripts of `Examples/inference/`: the generative-function interface, proposal programs, selections and
/// the heavy-tailed distributions.
@Suite struct ScriptInterfaceExamplesTests {
    let examples = ExamplesTests()
    static let ys = [1.2, 0.4, 2.1, 1.5, 0.9]

    /// The last printed line, as a number.
    func answer(_ file: String) throws -> Double {
        try #require(Double(try examples.runScript("inference/" + file).last ?? ""))
    }

    @Test func choiceMapsExamplePrintsThePosteriorMean() throws {
        let exact = Exact.normalNormal(priorMean: 0, priorSD: 2, noiseSD: 1, ys: Self.ys)
        // 4000 particles from the prior (ESS about 1000 here): 5 standard errors of the weighted mean.
        #expect(abs(try answer("choicemaps.gns") - exact.mean) < 5 * exact.sd / 1000.squareRoot())
    }

    @Test func customProposalExamplePrintsThePosteriorMean() throws {
        let exact = Exact.normalNormal(priorMean: 0, priorSD: 2, noiseSD: 1, ys: Self.ys)
        // 20 000 random-walk steps at acceptance about 0.5 keep an ESS above 2000: 5 standard errors at 2000.
        #expect(abs(try answer("custom_proposal.gns") - exact.mean) < 5 * exact.sd / 2000.squareRoot())
    }

    @Test func selectionsExamplePrintsThePopulationMean() throws {
        // Each group's mean reading given mu is N(mu, 1 + 0.25 / n): the posterior of mu is normal.
        let groups = [[1.1, 1.6, 0.9], [2.4, 2.0], [0.3, 0.8, 0.5, 0.6]]
        var precision = 1.0 / 4, weighted = 0.0
        for readings in groups {
            let variance = 1 + 0.25 / Double(readings.count)
            precision += 1 / variance
            weighted += readings.reduce(0, +) / Double(readings.count) / variance
        }
        let (mean, sd) = (weighted / precision, (1 / precision).squareRoot())
        // 20 000 steps of prior-resimulation moves: 5 standard errors at an ESS of at least 500.
        #expect(abs(try answer("selections.gns") - mean) < 5 * sd / 500.squareRoot())
    }

    @Test func robustRegressionMatchesQuadrature() throws {
        let xs = (-5...5).map(Double.init)
        let ys = [-1.7, -0.59, -0.68, -0.25, -0.24, 0.83, 2.39, 2.34, 15.33, 3.2, 3.82]
        // The exact posterior of (slope, intercept, scale) on a 151 x 121 x 100 midpoint grid over
        // [-1, 2] x [-2, 4] x (0, 3], which holds all but ~1e-3 of the mass: prior N(0, 1) x N(0, 1) x
        // half-N(0, 1), likelihood Student-t(4) (constants dropped).
        let nu = 4.0
        var total = 0.0, first = 0.0, second = 0.0
        var logs: [(slope: Double, logDensity: Double)] = []
        logs.reserveCapacity(151 * 121 * 100)
        for i in 0..<151 {
            let slope = -1 + (Double(i) + 0.5) * 3 / 151
            for j in 0..<121 {
                let intercept = -2 + (Double(j) + 0.5) * 6 / 121
                for k in 0..<100 {
                    let scale = (Double(k) + 0.5) * 3 / 100
                    var logDensity = -0.5 * (slope * slope + intercept * intercept + scale * scale)
                    for (x, y) in zip(xs, ys) {
                        let z = (y - slope * x - intercept) / scale
                        logDensity -= (nu + 1) / 2 * log1p(z * z / nu) + log(scale)
                    }
                    logs.append((slope, logDensity))
                }
            }
        }
        let largest = logs.map(\.logDensity).max()!
        for (slope, logDensity) in logs {
            let weight = exp(logDensity - largest)
            total += weight
            first += weight * slope
            second += weight * slope * slope
        }
        let mean = first / total, sd = (second / total - mean * mean).squareRoot()
        let printed = try examples.runScript("inference/robust_regression.gns")
        let ess = try #require(Double(printed.first?.split(separator: " ").last ?? ""))
        let estimate = try #require(Double(printed.last ?? ""))
        // A self-normalised importance estimate has standard error ≈ sd / √ESS; 5 of them.
        #expect(ess > 10)
        #expect(abs(estimate - mean) < 5 * sd / ess.squareRoot(), "estimate \(estimate), exact \(mean) ± \(sd), ESS \(ess)")
        // The outlier does not drag the slope: least squares on all points gives 0.90.
        #expect(abs(mean - 0.556) < 0.01)
    }
}

/// Collects printed lines from the interpreter (which may call from any thread).
final class PrintedLines: @unchecked Sendable {
    private var lines: [String] = []
    private let lock = NSLock()
    func append(_ line: String) { lock.withLock { lines.append(line) } }
    var all: [String] { lock.withLock { lines } }
}
