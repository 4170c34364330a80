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
    /// Moves the selected numeric choices of `trace` to a local maximum of the score, all other choices fixed
    /// (Gen's `map_optimize`). Gradients come from the autodiff tape (``gradients(_:selection:)``). Stops after `iterations` steps or
    /// when the gradient norm falls below 1e-6.
    public func maximumAPosteriori(_ trace: Trace, selection: Selection, method: MAPMethod = .lbfgs,
                                   iterations: Int = 200) throws -> Trace {
        guard iterations >= 1 else {
            throw InferenceError.invalidSetting(name: "iterations", value: "\(iterations)", requirement: "must be at least 1")
        }
        let addresses = try continuousAddresses(trace, selection)
        var point = addresses.map { trace.entries[$0]!.value.numberValue! }
        // The optimisers take non-throwing closures: the first error stops the search and is rethrown.
        var failure: (any Error)?
        func negativeScore(_ x: [Double]) -> (value: Double, gradient: [Double]) {
            guard failure == nil else { return (.infinity, x.map { _ in 0 }) }
            do {
                // The value in double precision (the line search compares nearby values); the gradient from the tape.
                return (-(try score(trace, addresses, x)), try scoreAndGradient(trace, addresses, x).gradient.map { -$0 })
            } catch {
                failure = error
                return (.infinity, x.map { _ in 0 })
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
        var constraints = ChoiceMap()
        for (address, value) in zip(addresses, point) { constraints[address] = .number(value) }
        var generator = SeededGenerator(seed: 0)
        return try update(trace, constraints: constraints, using: &generator).trace
    }
}

