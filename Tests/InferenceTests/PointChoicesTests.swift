import Foundation
import Testing
@testable import Inference
import Language
import Random
import Tensors

/// Point- and tensor-valued choices in `gradients`, `maximumAPosteriori` and `laplace` (Gen's to_array /
/// from_array), bounded choices optimised through the unconstrained transform, and a MAP that moves only
/// the selected choices of a trace built by `generate`.
@Suite struct PointChoicesTests {
    /// A point with a correlated bivariate-normal prior seen through isotropic noise: its posterior is Gaussian,
    /// mean (Σ⁻¹ + n/τ² I)⁻¹ (Σ⁻¹ m + Σ yᵢ/τ²). A discrete choice and an unselected number ride along.
    static let source = """
    def points(ys) {
      let k = sample("k", categorical([0.2, 0.3, 0.5]))
      let other = sample("other", normal(k, 1))
      let p = sample("p", bivariate_normal([1, -1], [2, 1], 0.6))
      for i in 0..len(ys) {
        observe(("y", i), bivariate_normal(p, [0.8, 0.8], 0), ys[i])
      }
      return p[0] + 2 * p[1] + other
    }
    """

    static let ys: [[Double]] = [[0.5, 0.2], [1.4, -0.6], [0.9, 0.4]]
    static var data: [Value] { [.list(ys.map { .list($0.map(Value.number)) })] }

    /// The exact posterior mean and covariance of `p` (2 x 2, by hand).
    static var exact: (mean: [Double], covariance: [[Double]]) {
        let (sx, sy, rho, tau2, n) = (2.0, 1.0, 0.6, 0.64, Double(ys.count))
        let det = sx * sx * sy * sy * (1 - rho * rho)
        // Σ⁻¹ for Σ = [[sx², ρ sx sy], [ρ sx sy, sy²]].
        let inverse = [[sy * sy / det, -rho * sx * sy / det], [-rho * sx * sy / det, sx * sx / det]]
        let precision = [[inverse[0][0] + n / tau2, inverse[0][1]], [inverse[1][0], inverse[1][1] + n / tau2]]
        let pdet = precision[0][0] * precision[1][1] - precision[0][1] * precision[1][0]
        let covariance = [[precision[1][1] / pdet, -precision[0][1] / pdet], [-precision[1][0] / pdet, precision[0][0] / pdet]]
        let sums = [ys.reduce(0) { $0 + $1[0] }, ys.reduce(0) { $0 + $1[1] }]
        let b = [inverse[0][0] * 1 + inverse[0][1] * -1 + sums[0] / tau2, inverse[1][0] * 1 + inverse[1][1] * -1 + sums[1] / tau2]
        let mean = [covariance[0][0] * b[0] + covariance[0][1] * b[1], covariance[1][0] * b[0] + covariance[1][1] * b[1]]
        return (mean, covariance)
    }

    func start(_ model: Model, point: [Double]) throws -> Trace {
        var generator = SeededGenerator(seed: 3)
        let constraints = ChoiceMap(["p": .list(point.map(Value.number)), "k": .number(1), "other": .number(0.25)])
        return try model.generate(Self.data, constraints: constraints, using: &generator).trace
    }

    func point(_ trace: Trace, _ address: Address = "p") -> [Double] {
        guard case let .list(items)? = trace[address] else { return [] }
        return items.map { $0.numberValue! }
    }

    @Test func gradientOfAPointIsAPairMatchingCentralDifferences() throws {
        let model = try TestModels.model(Self.source, "points")
        let trace = try start(model, point: [0.3, -0.4])
        let gradients = try model.gradients(trace, selection: Selection(["p"]))
        #expect(gradients.map(\.address) == ["p"])
        guard case let .list(pair) = gradients[0].derivative, pair.count == 2 else {
            Issue.record("the derivative of a point is a pair, got \(gradients[0].derivative)")
            return
        }
        // Central differences of assess in double precision (step 1e-5: truncation and rounding both < 1e-8);
        // the tape computes in single precision, so 1e-4 (1 + |d|) bounds its error and still catches a
        // missing or wrong partial (which moves a derivative by far more).
        for axis in 0..<2 {
            var up = [0.3, -0.4], down = up
            up[axis] += 1e-5
            down[axis] -= 1e-5
            var choices = ChoiceMap(["k": .number(1), "other": .number(0.25)])
            choices["p"] = .list(up.map(Value.number))
            let high = try model.assess(Self.data, choices: choices).logProbability
            choices["p"] = .list(down.map(Value.number))
            let low = try model.assess(Self.data, choices: choices).logProbability
            let numeric = (high - low) / 2e-5
            #expect(abs(pair[axis].numberValue! - numeric) <= 1e-4 * (1 + abs(numeric)), "axis \(axis)")
        }
    }

    @Test(arguments: MAPMethod.allCases)
    func mapMovesOnlyTheSelectedPointToThePosteriorMode(method: MAPMethod) throws {
        let model = try TestModels.model(Self.source, "points")
        let trace = try start(model, point: [4, 3])
        let mode = try model.maximumAPosteriori(trace, selection: Selection(["p"]), method: method, iterations: 3000)
        // L-BFGS stops at the single-precision limit of the gradient (|g| ~ 1e-6 · |terms| ≈ 1e-5, over a
        // curvature ≥ 1 this is a point error ≤ 1e-5); Adam's last steps are ~ learning rate · 1e-3.
        let tolerance = method == .lbfgs ? 1e-4 : 2e-3
        for axis in 0..<2 { #expect(abs(point(mode)[axis] - Self.exact.mean[axis]) < tolerance, "axis \(axis)") }
        #expect(mode["k"]?.numberValue == 1 && mode["other"]?.numberValue == 0.25)
        #expect(mode.entries[Address(["y", 0])]?.origin == .observed)
    }

    @Test func mapOverEverythingLeavesTheDiscreteChoiceAlone() throws {
        let model = try TestModels.model(Self.source, "points")
        let mode = try model.maximumAPosteriori(try start(model, point: [4, 3]), selection: .all)
        // "other" ~ normal(k, 1) has its mode at k = 1; the categorical is not continuous, so it stays.
        #expect(mode["k"]?.numberValue == 1)
        #expect(abs(mode["other"]!.numberValue! - 1) < 1e-4)
        for axis in 0..<2 { #expect(abs(point(mode)[axis] - Self.exact.mean[axis]) < 1e-4) }
    }

    @Test func laplaceOverAPointUsesItsTwoCoordinates() throws {
        let model = try TestModels.model(Self.source, "points")
        let mode = try model.maximumAPosteriori(try start(model, point: [0, 0]), selection: Selection(["p"]))
        let result = try model.laplace(mode, selection: Selection(["p"]))
        #expect(result.coordinates == ["p", "p"])
        // -H is the posterior precision; its inverse is the exact covariance. The Hessian comes from central
        // differences of single-precision gradients (relative error ~ 2.4e-5, Tensors/Hessian.swift).
        let h = result.hessian
        let det = h[0] * h[3] - h[1] * h[2]
        let covariance = [[-h[3] / det, h[1] / det], [h[2] / det, -h[0] / det]]
        for i in 0..<2 {
            for j in 0..<2 {
                #expect(abs(covariance[i][j] - Self.exact.covariance[i][j]) < 1e-3 * Self.exact.covariance[i][i])
            }
        }
    }

    @Test func aBoundedChoiceStaysInItsSupportWhileTheLikelihoodPushesPastIt() throws {
        // The likelihood of s alone peaks at sqrt(mean(y²)) ≈ 25, beyond uniform(0.5, 16)'s support: an
        // unconstrained optimiser would step out (score -inf); through the logit transform MAP tends to 16.
        let model = try TestModels.model("""
        def spread(ys) {
          let s = sample("s", uniform(0.5, 16))
          for i in 0..len(ys) {
            observe(("y", i), normal(0, s), ys[i])
          }
        }
        """, "spread")
        let ys: [Value] = [.list([20, -30, 25, -22].map(Value.number))]
        var generator = SeededGenerator(seed: 1)
        let trace = try model.generate(ys, constraints: ChoiceMap(["s": .number(2)]), using: &generator).trace
        for method in MAPMethod.allCases {
            let mode = try model.maximumAPosteriori(trace, selection: .all, method: method, iterations: 500)
            let s = mode["s"]!.numberValue!
            // Both stay inside the support. L-BFGS reaches the bound; Adam (learning rate 0.05, beta2 0.999) slows
            // as the logit's slope 15.5 sigma(1 - sigma) shrinks while its second-moment average still remembers the
            // early, larger gradients, so after 500 steps it has only moved well towards 16 (measured: 12.96).
            #expect(s > (method == .lbfgs ? 15.9 : 10) && s <= 16, "\(method): s = \(s)")
            #expect(mode.score.isFinite)
        }
        // Inside the support the mode is the likelihood's, sqrt(mean(y²)) exactly.
        let small: [Value] = [.list([2, -3, 2.5, -2.2].map(Value.number))]
        let inner = try model.generate(small, constraints: ChoiceMap(["s": .number(12)]), using: &generator).trace
        let mode = try model.maximumAPosteriori(inner, selection: .all)
        let exact = ([2, -3, 2.5, -2.2].reduce(0) { $0 + $1 * $1 } / 4).squareRoot()
        #expect(abs(mode["s"]!.numberValue! - exact) < 1e-4)
    }

    /// An isotropic normal over tensors, as a domain module could register: the test's tensor-valued family.
    struct TensorNormal: LanguageDistribution {
        let mean: Tensor
        let sd: Double

        func sample(using generator: inout SeededGenerator) -> Value {
            .tensor(Tensor(shape: mean.shape, scalars: mean.scalars.map { Float(Double($0) + sd * generator.nextNormal()) }))
        }

        func logDensity(_ value: Value) throws -> Double {
            guard case let .tensor(x) = value, x.shape == mean.shape else { throw BuiltinError("expects a tensor shaped like the mean") }
            return zip(x.scalars, mean.scalars).reduce(0) { total, pair in
                let z = (Double(pair.0) - Double(pair.1)) / sd
                return total - 0.5 * z * z - log(sd) - 0.5 * log(2 * Double.pi)
            }
        }

        func logDensityGradient(_ value: Value) throws -> (value: Partial?, parameters: [Partial]) {
            guard case let .tensor(x) = value else { throw BuiltinError("expects a tensor") }
            let d = zip(x.scalars, mean.scalars).map { Float((Double($1) - Double($0)) / (sd * sd)) }
            return (.tensor(d), [.tensor(d.map { -$0 }), .none])
        }
    }

    @Test func aTensorChoiceIsOptimisedAsABlock() throws {
        var registry = BuiltinRegistry.withInference
        registry.register(Builtin("tensor_normal", parameters: ["mean", "sd"], gradient: .differentiable) { call in
            guard case let .tensor(mean) = call.arguments[0] else { throw BuiltinError("mean must be a tensor", argument: 0) }
            return .distribution(DistributionValue(name: "tensor_normal", parameters: call.arguments,
                                                   family: TensorNormal(mean: mean.detached, sd: try call.number(1))))
        })
        let program = try Program(source: """
        def weights(y) {
          let w = sample("w", tensor_normal(tensor([0, 0, 0, 0]), 1))
          observe("y", tensor_normal(w, 0.5), y)
        }
        """, fileName: "test.gns", builtins: registry)
        let interpreter = Interpreter(program: program, output: { _ in })
        var generator = SeededGenerator(seed: 0)
        try interpreter.run(generator: &generator)
        let model = Model(interpreter: interpreter, function: try interpreter.global(named: "weights"))
        let y: [Float] = [1, -2, 0.5, 3]
        let trace = try model.simulate([.tensor(Tensor(y))], using: &generator)
        let gradient = try model.gradients(trace, selection: .all)
        guard case let .tensor(g) = gradient[0].derivative else {
            Issue.record("the derivative of a tensor is a tensor")
            return
        }
        #expect(g.shape == [4])
        let mode = try model.maximumAPosteriori(trace, selection: .all)
        guard case let .tensor(w) = mode["w"] else {
            Issue.record("the mode holds a tensor")
            return
        }
        // Prior precision 1 plus data precision 4: the mode is 4y/5 (the tape's single precision: 1e-5).
        for (wi, yi) in zip(w.scalars, y) { #expect(abs(Double(wi) - 0.8 * Double(yi)) < 1e-5) }
    }
}
