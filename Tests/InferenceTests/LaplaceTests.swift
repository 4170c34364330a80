import Foundation
import Testing
@testable import Inference
import Language
import Random

/// Laplace from gradients on a 60-dimensional correlated Gaussian posterior (an AR(1) state observed through
/// noise), whose evidence the Kalman filter gives exactly.
@Suite struct LaplaceTests {
    static let source = """
    def ar(ys) {
      let x = sample(("x", 0), normal(0, 1))
      observe(("y", 0), normal(x, 0.5), ys[0])
      for t in 1..len(ys) {
        x = sample(("x", t), normal(0.9 * x, 0.6))
        observe(("y", t), normal(x, 0.5), ys[t])
      }
    }
    """

    /// log p(ys) by the Kalman filter: each yₜ is Gaussian given the past, N(predicted mean, P + R).
    static func exactLogEvidence(_ ys: [Double]) -> Double {
        var (mean, variance) = (0.0, 1.0)
        var total = 0.0
        for (t, y) in ys.enumerated() {
            if t > 0 { (mean, variance) = (0.9 * mean, 0.81 * variance + 0.36) }
            let s = variance + 0.25
            total += -0.5 * (log(2 * Double.pi * s) + (y - mean) * (y - mean) / s)
            let gain = variance / s
            (mean, variance) = (mean + gain * (y - mean), (1 - gain) * variance)
        }
        return total
    }

    @Test func laplaceOfA60DimensionalGaussianIsItsExactEvidence() throws {
        let model = try TestModels.model(Self.source, "ar")
        var generator = SeededGenerator(seed: 60)
        var x = generator.nextNormal()
        let ys = (0..<60).map { t -> Double in
            if t > 0 { x = 0.9 * x + 0.6 * generator.nextNormal() }
            return x + 0.5 * generator.nextNormal()
        }
        let trace = try model.simulate([.list(ys.map(Value.number))], using: &generator)
        let mode = try model.maximumAPosteriori(trace, selection: .all, iterations: 500)
        let result = try model.laplace(mode, selection: .all)
        #expect(result.coordinates.count == 60)
        // The score is quadratic, so Laplace is exact up to the Hessian's error. Its entries (the posterior
        // precision, ~1 to 9) come from central differences of single-precision gradients with relative error
        // ~2.4e-5 (Tensors/Hessian.swift); ½ log det moves by at most ½ · 60 · 2.4e-5 ≈ 7e-4 if all errors
        // add up, and the mode's residual gradient (~1e-5) costs ~1e-10 of score. 2e-3 holds that bound; a
        // missing ½ log 2π per dimension or a wrong log-determinant misses by far more.
        #expect(abs(result.logMarginalLikelihood - Self.exactLogEvidence(ys)) < 2e-3,
                "Laplace \(result.logMarginalLikelihood) vs Kalman \(Self.exactLogEvidence(ys))")
    }

    /// `a ~ normal(0, 1); factor(a * a)` at a = 0: score -a²/2 + a² - log √(2π), curvature +1 there (a minimum).
    static func minimum() throws -> (model: Model, trace: Trace) {
        let model = try TestModels.model("""
        def saddle() {
          let a = sample("a", normal(0, 1))
          factor(a * a)
        }
        """, "saddle")
        var generator = SeededGenerator(seed: 1)
        return (model, try model.generate([], constraints: ChoiceMap(["a": .number(0)]), using: &generator).trace)
    }

    @Test func aTraceAwayFromTheModeIsAClearError() throws {
        let (model, trace) = try Self.minimum()
        // Score -a²/2 + a² has curvature +1 at 0: a minimum, so Laplace must refuse, naming the address.
        let error = #expect(throws: InferenceError.self) { try model.laplace(trace, selection: .all) }
        #expect(error?.description.contains("\"a\"") ?? false, "\(String(describing: error))")
    }

    @Test func suppliedObservationCurvatureStandsInForItsDifferences() throws {
        // The same AR(1) model with the observations' Hessian given in closed form (each yₜ ~ N(xₜ, 0.5²) curves
        // by -1/0.25 along xₜ): the engine then differences only the latent choices' density and adds it, so the
        // evidence is exact as before. Supplying zeros instead must lose the observations' curvature and miss.
        let model = try TestModels.model(Self.source, "ar")
        var generator = SeededGenerator(seed: 61)
        let ys = (0..<20).map { _ in generator.nextNormal() }
        let trace = try model.simulate([.list(ys.map(Value.number))], using: &generator)
        let mode = try model.maximumAPosteriori(trace, selection: .all, iterations: 500)
        var runScore = Double.nan
        let result = try model.laplace(mode, selection: .all) { coordinates in
            runScore = try coordinates.run(coordinates.center).score
            let n = coordinates.center.count
            return (0..<(n * n)).map { $0 % (n + 1) == 0 ? -4 : 0 }
        }
        #expect(abs(runScore - mode.score) < 1e-9, "the run at the centre is the mode")
        #expect(abs(result.logMarginalLikelihood - Self.exactLogEvidence(ys)) < 2e-3)
        let without = try model.laplace(mode, selection: .all) { coordinates in
            [Double](repeating: 0, count: coordinates.center.count * coordinates.center.count)
        }
        #expect(abs(without.logMarginalLikelihood - Self.exactLogEvidence(ys)) > 1)
        #expect(throws: InferenceError.self) { try model.laplace(mode, selection: .all) { _ in [0] } }
    }

    @Test func theAbsoluteDeterminantCountsCurvesUpward() throws {
        // Curvature +1 at the minimum, so |det| = 1 and the "evidence" is the score plus ½ log 2π, that is 0, with
        // one direction curving up.
        let (model, trace) = try Self.minimum()
        let result = try model.laplace(trace, selection: .all, determinant: .absolute)
        #expect(result.nonNegativeCurvatures == 1)
        // The curvature comes from differences of single-precision gradients (relative error ~2.4e-5).
        #expect(abs(result.logMarginalLikelihood) < 1e-4, "\(result.logMarginalLikelihood)")
    }
}
