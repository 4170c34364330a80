import Foundation
import Language
import Random
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
    /// How many of the Hessian's eigenvalues are not negative (always 0 for ``LaplaceDeterminant/strictMaximum``).
    public let nonNegativeCurvatures: Int
}

/// What Laplace's approximation does with a Hessian that is not negative definite.
public enum LaplaceDeterminant: Sendable {
    /// Throw, naming a coordinate along which the score does not curve down: the trace is not a strict maximum.
    case strictMaximum
    /// Use log |det H| from the eigenvalues, each curvature by its magnitude (GNS's appendix D writes |H_k|), and
    /// count the eigenvalues that are not negative in the result: for modes that are maxima only above some
    /// scale, such as a rasterised likelihood's, where a few directions curve up on the creases.
    case absolute
}

/// The selected values of a Laplace approximation as a flat vector, and the model run at any such vector: what a
/// model's domain needs to supply the observations' curvature itself (see
/// ``Model/laplace(_:selection:determinant:observations:)``).
public struct LaplaceCoordinates {
    /// The trace the approximation is made around.
    public let mode: Trace
    /// The selected address of each coordinate (a point `[x, y]` gives its address twice).
    public let addresses: [Address]
    /// The values at the mode.
    public let center: [Double]
    /// The model run with the selected values set to a vector (every other choice as at the mode).
    public let run: ([Double]) throws -> Trace
}

extension Model {
    /// Laplace's approximation of log p(observations) = log ∫ p(choices) d(selected choices), around `mode`
    /// (usually the output of ``maximumAPosteriori(_:selection:method:iterations:)``), in the selected values'
    /// own coordinates (points and tensors flattened). The Hessian is made by central differences of the
    /// tape's gradients (``Tensors/Hessian``): 2n runs of the program for n coordinates. Its log-determinant
    /// comes from a Cholesky factorisation of -H; throws, naming the coordinate, if -H is not positive definite
    /// (the trace is not at a strict maximum, for example a bounded choice on its bound).
    ///
    /// `observations`, when given, supplies the Hessian of the observations' log-likelihood (row-major, n x n)
    /// and the differences cover only the latent choices' log-density. A domain whose likelihood is smooth only
    /// above some scale (a rasterised image: its gradient jumps wherever ink crosses a pixel boundary) computes
    /// that curvature where it is well defined, over the few quantities the observations depend on, instead of
    /// differencing it along every latent coordinate: when several latent choices move the same ink (a type's
    /// point and its token's noise), their differences would disagree by the jumps, and the small curvature the
    /// priors give their difference would be lost in that disagreement.
    public func laplace(_ mode: Trace, selection: Selection, determinant: LaplaceDeterminant = .strictMaximum,
                        observations: ((LaplaceCoordinates) throws -> [Double])? = nil) throws -> LaplaceResult {
        let layout = try ContinuousChoices(mode, selection: selection, unconstrained: false)
        let center = layout.values(in: mode)
        let n = center.count
        let coordinates = layout.blocks.flatMap { block in block.range.map { _ in block.address } }
        var failure: (any Error)?
        let rows = Hessian.byCentralDifferences(at: center) { x in
            guard failure == nil else { return x.map { _ in 0 } }
            do {
                return try scoreAndGradient(mode, layout, at: x, includingObservations: observations == nil).gradient
            } catch {
                failure = error
                return x.map { _ in 0 }
            }
        }
        if let failure { throw failure }
        var hessian = rows.flatMap { $0 }
        if let observations {
            let supplied = try observations(LaplaceCoordinates(mode: mode, addresses: coordinates, center: center) { x in
                var unused = SeededGenerator(seed: 0)
                return try self.update(mode, constraints: layout.choiceMap(x), using: &unused).trace
            })
            guard supplied.count == n * n else {
                throw InferenceError.invalidSetting(name: "observations' Hessian", value: "\(supplied.count) entries",
                                                    requirement: "must have \(n * n) (\(n) coordinates squared)")
            }
            for i in hessian.indices { hessian[i] += supplied[i] }
        }
        guard hessian.allSatisfy(\.isFinite) else {
            throw InferenceError.invalidSetting(name: "laplace mode", value: "the score's Hessian",
                                                requirement: "must be finite (a selected choice is at the edge of its support?)")
        }
        let logDeterminant: Double, nonNegative: Int
        switch determinant {
        case .strictMaximum:
            let factorisation = Cholesky.logDeterminant(of: hessian.map { -$0 }, size: n)
            guard let value = factorisation.logDeterminant else {
                throw InferenceError.invalidSetting(
                    name: "laplace mode", value: "the given trace",
                    requirement: "must be a strict maximum of the score: its curvature along \(coordinates[factorisation.failedPivot]) "
                        + "is not negative (run map_optimize first, or leave that choice out of the selection)")
            }
            (logDeterminant, nonNegative) = (value, 0)
        case .absolute:
            let eigenvalues = SymmetricEigen(hessian, size: n).values
            guard !eigenvalues.contains(0) else {
                throw InferenceError.invalidSetting(name: "laplace mode", value: "the given trace",
                                                    requirement: "must curve along every direction: the score's Hessian is singular")
            }
            (logDeterminant, nonNegative) = (eigenvalues.reduce(0) { $0 + log(abs($1)) }, eigenvalues.count { $0 > 0 })
        }
        let logEvidence = mode.score + 0.5 * Double(n) * log(2 * Double.pi) - 0.5 * logDeterminant
        return LaplaceResult(mode: mode, logMarginalLikelihood: logEvidence, hessian: hessian, coordinates: coordinates,
                             nonNegativeCurvatures: nonNegative)
    }
}
