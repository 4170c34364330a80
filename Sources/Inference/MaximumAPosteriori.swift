import Foundation
import Language
import Random
import Tensors

/// The optimiser used by ``Model/maximumAPosteriori(_:selection:method:iterations:)``.
public enum MAPMethod: String, Sendable, CaseIterable {
    /// Adam (the Tensors module's, single precision) on the score, learning rate 0.05: robust on rough objectives.
    case adam
    /// The Tensors module's L-BFGS (memory 10, weak Wolfe line search): fast and precise on smooth objectives.
    case lbfgs
}

extension Model {
    /// Moves the selected continuous choices of `trace` to a local maximum of the score, every other choice
    /// (discrete ones, unselected ones, observations) fixed (Gen's `map_optimize`). Choices that are lists of
    /// numbers (points) or tensors move as blocks; bounded choices (uniform, beta, gamma...) are optimised
    /// through the logit or log transform of ``ContinuousChoices``, so no step leaves their support (the score
    /// maximised is the model's own, without a Jacobian). Each evaluation is one run of the program, giving the
    /// score in double precision and its gradient from the tape; a trial point where the program throws counts
    /// as an infinite score (an error at the start is thrown). Stops after `iterations` steps, when the
    /// largest gradient component falls below 1e-6, or when L-BFGS's line search can no longer improve the
    /// score (at the limit of precision).
    ///
    /// To start from chosen values, build `trace` with ``generate(_:constraints:using:)``: its constrained
    /// choices are movable like sampled ones (leave them out of `selection` to hold them).
    public func maximumAPosteriori(_ trace: Trace, selection: Selection, method: MAPMethod = .lbfgs,
                                   iterations: Int = 200) throws -> Trace {
        guard iterations >= 1 else {
            throw InferenceError.invalidSetting(name: "iterations", value: "\(iterations)", requirement: "must be at least 1")
        }
        let target = try UnconstrainedTarget(self, trace, selection: selection, includesJacobian: false)
        var point = target.start
        // The optimisers take non-throwing closures. An error at the start stops the search and is rethrown; an
        // error at a trial point further on (a builtin refusing a value the step reached, such as an absurd
        // affine scale) rejects that step like an infinite score, so the line search steps back.
        var failure: (any Error)?
        var startEvaluated = false
        func negativeScore(_ u: [Double]) -> (value: Double, gradient: [Double]) {
            guard failure == nil else { return (.infinity, u.map { _ in 0 }) }
            do {
                let evaluation = try target.evaluate(u)
                startEvaluated = true
                return (-evaluation.logDensity, evaluation.gradient.map { -$0 })
            } catch {
                if !startEvaluated { failure = error }
                return (.infinity, u.map { _ in 0 })
            }
        }
        switch method {
        case .adam:
            var optimizer = Adam(learningRate: 0.05)
            var parameters = [Tensor(point.map(Float.init))]
            for _ in 0..<iterations {
                let gradient = negativeScore(parameters[0].scalars.map(Double.init)).gradient
                if failure != nil || gradient.allSatisfy({ abs($0) <= 1e-6 }) { break }
                optimizer.step(&parameters, gradients: [Tensor(gradient.map(Float.init))])
            }
            point = parameters[0].scalars.map(Double.init)
        case .lbfgs:
            var optimizer = LBFGS()
            optimizer.maxIterations = iterations
            point = optimizer.minimize(from: point, negativeScore).point
        }
        if let failure { throw failure }
        return try target.trace(at: point)
    }
}
