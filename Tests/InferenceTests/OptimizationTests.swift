import Foundation
import Testing
@testable import Inference
import Language
import Random

/// Gradients, MAP and Laplace on the normal-mean model, whose posterior is Gaussian: the mode is the
/// posterior mean, and Laplace's approximation is exact.
@Suite struct OptimizationTests {
    let model = try! TestModels.model(TestModels.normalSource, "normal_mean")
    let exact = Exact.normalNormal(priorMean: 1, priorSD: 2, noiseSD: 0.5, ys: TestModels.ys)

    func trace(at mu: Double) throws -> Trace {
        var generator = SeededGenerator(seed: 1)
        return try model.generate(TestModels.yValues, constraints: ChoiceMap(["mu": .number(mu)]), using: &generator).trace
    }

    @Test func gradientFromTheTapeMatchesTheAnalyticDerivative() throws {
        let mu = 0.3
        let gradient = try model.gradients(try trace(at: mu), selection: Selection(["mu"]))
        // d/dμ [log N(μ; 1, 2²) + Σ log N(yᵢ; μ, 0.5²)] = -(μ - 1)/4 + Σ (yᵢ - μ)/0.25.
        let analytic = -(mu - 1) / 4 + TestModels.ys.reduce(0) { $0 + ($1 - mu) / 0.25 }
        #expect(gradient.count == 1 && gradient[0].address == "mu")
        #expect(abs(gradient[0].derivative.numberValue! - analytic) <= 1e-5 * abs(analytic))
    }

    @Test(arguments: MAPMethod.allCases)
    func mapFindsThePosteriorMode(method: MAPMethod) throws {
        let mode = try model.maximumAPosteriori(try trace(at: -3), selection: .all, method: method, iterations: 2000)
        let tolerance = method == .lbfgs ? 1e-4 : 1e-3
        #expect(abs(mode["mu"]!.numberValue! - exact.mean) < tolerance)
    }

    @Test func laplaceEqualsTheExactEvidenceOfAGaussianModel() throws {
        let mode = try trace(at: exact.mean)
        let result = try model.laplace(mode, selection: Selection(["mu"]))
        // The Hessian (-1/sd² ≈ -20) is a central difference of single-precision tape gradients: their
        // rounding (6e-8 · Σ|terms| ≈ 6e-7) over the step 2h ≈ 1.2e-2 bounds its error by ~1e-4 (5e-6
        // relative), and ½ log det moves by half that relative error. 1e-3 and 5e-5 hold these bounds with
        // margin and still catch a wrong curvature or a missing ½ log 2π.
        #expect(abs(result.logMarginalLikelihood - exact.logEvidence) < 5e-5)
        #expect(abs(result.hessian[0] + 1 / (exact.sd * exact.sd)) < 1e-3)
    }

    /// A program that refuses values past 3 (a list index out of range there), with its mode at 2.87 just
    /// below: L-BFGS's first line search doubles its step past 3, and that trial point must count as a rejected
    /// step, not end the search with the program's error.
    @Test func aTrialPointWhereTheProgramThrowsIsARejectedStep() throws {
        let source = """
        def bounded(y) {
          let mu = sample("mu", normal(0, 10))
          let check = [0, 0, 0, 0][floor(mu) + 1]
          observe("y", normal(mu, 1), y)
          return mu
        }
        """
        let bounded = try TestModels.model(source, "bounded")
        func start(_ mu: Double) throws -> Trace {
            var generator = SeededGenerator(seed: 1)
            return try bounded.generate([.number(2.9)], constraints: ChoiceMap(["mu": .number(mu)]), using: &generator).trace
        }
        let mode = try bounded.maximumAPosteriori(try start(0), selection: .all, method: .lbfgs, iterations: 100)
        // The mode of N(mu; 0, 10^2) N(2.9; mu, 1): 2.9 * 100 / 101.
        #expect(abs(mode["mu"]!.numberValue! - 2.9 * 100 / 101) < 1e-4)
    }

    @Test func selectingANonNumericChoiceIsAnError() throws {
        let coin = try TestModels.model("""
        def flip() {
          return sample("heads", bernoulli(0.5))
        }
        """, "flip")
        var generator = SeededGenerator(seed: 1)
        let trace = try coin.simulate([], using: &generator)
        #expect(throws: InferenceError.self) { try coin.gradients(trace, selection: Selection(["heads"])) }
    }
}
