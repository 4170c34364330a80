import Language
import Random

/// The score of a trace as a function of its selected continuous choices in unconstrained coordinates
/// (``ContinuousChoices``): what the optimisers and gradient samplers move. Every other choice (discrete
/// ones, unselected ones, observations) stays as in the trace it was made from.
struct UnconstrainedTarget {
    let model: Model
    /// The trace whose unselected choices are replayed.
    let trace: Trace
    let layout: ContinuousChoices
    /// Whether the log-Jacobian of the transform is added: yes for a density to sample from (so the samples
    /// follow the posterior of the original choices), no for a score to maximise (so the maximum is the
    /// original score's mode).
    let includesJacobian: Bool

    /// The target over `selection`'s continuous choices of `trace`.
    init(_ model: Model, _ trace: Trace, selection: Selection, includesJacobian: Bool) throws {
        self.model = model
        self.trace = trace
        layout = try ContinuousChoices(trace, selection: selection)
        self.includesJacobian = includesJacobian
    }

    /// The unconstrained coordinates of the trace's own values.
    var start: [Double] { layout.unconstrained(layout.values(in: trace)) }

    /// The log-density at `u`, its gradient and the program's return value, from one run of the program.
    func evaluate(_ u: [Double]) throws -> (logDensity: Double, gradient: [Double], returnValue: Value) {
        let (x, slope, logJacobian, logJacobianGradient) = layout.constrained(u)
        let run = try model.scoreAndGradient(trace, layout, at: x)
        var gradient = zip(run.gradient, slope).map { $0 * $1 }
        var logDensity = run.score
        if includesJacobian {
            logDensity += logJacobian
            for i in gradient.indices { gradient[i] += logJacobianGradient[i] }
        }
        return (logDensity, gradient, run.returnValue)
    }

    /// The log-density at `u` without a gradient, from one `update` run in double precision, with the new trace.
    func density(_ u: [Double]) throws -> (logDensity: Double, trace: Trace) {
        let (x, _, logJacobian, _) = layout.constrained(u)
        var generator = SeededGenerator(seed: 0)
        let moved = try model.update(trace, constraints: layout.choiceMap(x), using: &generator).trace
        return (moved.score + (includesJacobian ? logJacobian : 0), moved)
    }

    /// The selected values (original coordinates, flat) at `u`.
    func values(at u: [Double]) -> [Double] { layout.constrained(u).x }

    /// The full trace with the selected choices at `u` (one run of `update`, in double precision).
    func trace(at u: [Double]) throws -> Trace {
        try density(u).trace
    }
}
