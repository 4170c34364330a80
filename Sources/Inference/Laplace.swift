import Foundation
import Language

/// The Laplace approximation of the evidence around a mode.
public struct LaplaceResult: Sendable {
    /// The trace at the mode (the input trace, as given).
    public let mode: Trace
    /// log p(mode) + (d/2) log 2π - ½ log det(-H): exact for a model whose score is quadratic in the selection.
    public let logMarginalLikelihood: Double
    /// The Hessian H of the score with respect to the selected choices, row-major, `addresses.count` squared.
    public let hessian: [Double]
    /// The selected numeric addresses, in the Hessian's order.
    public let addresses: [Address]
}

extension Model {
    /// Laplace's approximation of log p(observations) = log ∫ p(choices) d(selected choices), around `mode`
    /// (usually the output of ``maximumAPosteriori(_:selection:method:iterations:)``). The Hessian comes from
    /// second central differences of the score with step 1e-3 · max(1, |x|) (exact for quadratic scores up to
    /// rounding). Throws if -H is not positive definite (not a maximum).
    public func laplace(_ mode: Trace, selection: Selection) throws -> LaplaceResult {
        let addresses = try continuousAddresses(mode, selection)
        let center = addresses.map { mode.entries[$0]!.value.numberValue! }
        let n = center.count
        let steps = center.map { 1e-3 * max(1, abs($0)) }
        let f0 = mode.score
        func f(_ moves: [(Int, Double)]) throws -> Double {
            var point = center
            for (i, sign) in moves { point[i] += sign * steps[i] }
            return try score(mode, addresses, point)
        }
        var hessian = [Double](repeating: 0, count: n * n)
        for i in 0..<n {
            hessian[i * n + i] = (try f([(i, 1)]) - 2 * f0 + f([(i, -1)])) / (steps[i] * steps[i])
            for j in 0..<i {
                let mixed = (try f([(i, 1), (j, 1)]) - f([(i, 1), (j, -1)]) - f([(i, -1), (j, 1)]) + f([(i, -1), (j, -1)]))
                    / (4 * steps[i] * steps[j])
                hessian[i * n + j] = mixed
                hessian[j * n + i] = mixed
            }
        }
        guard let logDeterminant = Self.logDeterminantOfNegated(hessian, n) else {
            throw InferenceError.invalidSetting(name: "laplace mode", value: "Hessian of the score",
                                                requirement: "must be negative definite (is the trace at a maximum?)")
        }
        let logEvidence = f0 + 0.5 * Double(n) * log(2 * Double.pi) - 0.5 * logDeterminant
        return LaplaceResult(mode: mode, logMarginalLikelihood: logEvidence, hessian: hessian, addresses: addresses)
    }

    /// log det(-H) through a Cholesky factorisation of -H; `nil` unless -H is positive definite.
    static func logDeterminantOfNegated(_ h: [Double], _ n: Int) -> Double? {
        var l = h.map { -$0 }
        var logDeterminant = 0.0
        for j in 0..<n {
            var diagonal = l[j * n + j]
            for k in 0..<j { diagonal -= l[j * n + k] * l[j * n + k] }
            guard diagonal > 0 else { return nil }
            let pivot = diagonal.squareRoot()
            l[j * n + j] = pivot
            logDeterminant += 2 * log(pivot)
            for i in (j + 1)..<n {
                var entry = l[i * n + j]
                for k in 0..<j { entry -= l[i * n + k] * l[j * n + k] }
                l[i * n + j] = entry / pivot
            }
        }
        return logDeterminant
    }
}
