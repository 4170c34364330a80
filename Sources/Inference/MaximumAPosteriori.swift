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
    /// score in double precision and its gradient from the tape. Stops after `iterations` steps, when the
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
        // The optimisers take non-throwing closures: the first error stops the search and is rethrown.
        var failure: (any Error)?
        func negativeScore(_ u: [Double]) -> (value: Double, gradient: [Double]) {
            guard failure == nil else { return (.infinity, u.map { _ in 0 }) }
            do {
                let evaluation = try target.evaluate(u)
                return (-evaluation.logDensity, evaluation.gradient.map { -$0 })
            } catch {
                failure = error
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
