import Foundation
import Language
import Tensors

/// The Laplace approximation of the evidence around a mode.
public struct LaplaceResult: Sendable {
    /// The trace at the mode (the input trace, as given).
    public let mode: Trace
    /// log p(mode) + (d/2) log 2π - ½ log det(-H): exact for a model whose score is quadratic in the selection.
    public let logMarginalLikelihood: Double
    /// The Hessian H of the score with respect to the selected values (flat, as ``coordinates`` lists them),
    /// row-major, `coordinates.count` squared.
    public let hessian: [Double]
    /// The selected addresses, one per coordinate of the Hessian (a point `[x, y]` gives its address twice).
    public let coordinates: [Address]
}

extension Model {
    /// Laplace's approximation of log p(observations) = log ∫ p(choices) d(selected choices), around `mode`
    /// (usually the output of ``maximumAPosteriori(_:selection:method:iterations:)``), in the selected values'
    /// own coordinates (points and tensors flattened). The Hessian is made by central differences of the
    /// tape's gradients (``Tensors/Hessian``): 2n runs of the program for n coordinates. Its log-determinant
    /// comes from a Cholesky factorisation of -H; throws, naming the coordinate, if -H is not positive definite
    /// (the trace is not at a strict maximum, for example a bounded choice on its bound).
    public func laplace(_ mode: Trace, selection: Selection) throws -> LaplaceResult {
        let layout = try ContinuousChoices(mode, selection: selection, unconstrained: false)
        let center = layout.values(in: mode)
        let n = center.count
        var failure: (any Error)?
        let rows = Hessian.byCentralDifferences(at: center) { x in
            guard failure == nil else { return x.map { _ in 0 } }
            do {
                return try scoreAndGradient(mode, layout, at: x).gradient
            } catch {
                failure = error
                return x.map { _ in 0 }
            }
        }
        if let failure { throw failure }
        let hessian = rows.flatMap { $0 }
        let coordinates = layout.blocks.flatMap { block in block.range.map { _ in block.address } }
        guard hessian.allSatisfy(\.isFinite) else {
            throw InferenceError.invalidSetting(name: "laplace mode", value: "the score's Hessian",
                                                requirement: "must be finite (a selected choice is at the edge of its support?)")
        }
        let factorisation = Cholesky.logDeterminant(of: hessian.map { -$0 }, size: n)
        guard let logDeterminant = factorisation.logDeterminant else {
            throw InferenceError.invalidSetting(
                name: "laplace mode", value: "the given trace",
                requirement: "must be a strict maximum of the score: its curvature along \(coordinates[factorisation.failedPivot]) "
                    + "is not negative (run map_optimize first, or leave that choice out of the selection)")
        }
        let logEvidence = mode.score + 0.5 * Double(n) * log(2 * Double.pi) - 0.5 * logDeterminant
        return LaplaceResult(mode: mode, logMarginalLikelihood: logEvidence, hessian: hessian, coordinates: coordinates)
    }
}
