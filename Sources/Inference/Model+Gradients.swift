import Language
import Random
import Tensors

extension Model {
    /// d score / d value for the selected continuous choices, by reverse-mode differentiation: the trace is
    /// replayed with those choices as variables on a fresh `Tape`, so the derivative flows through the
    /// program's arithmetic, the distributions' analytic partials and any differentiable builtin. Returns the
    /// addresses in visiting order, each with its partial derivative shaped like its value (a number, a list
    /// of numbers such as a point `[x, y]`, or a tensor), in single precision as the tape computes.
    /// Throws if a listed address is not in the trace or is not continuous.
    public func gradients(_ trace: Trace, selection: Selection) throws -> [(address: Address, derivative: Value)] {
        let layout = try ContinuousChoices(trace, selection: selection, unconstrained: false)
        let gradient = try scoreAndGradient(trace, layout, at: layout.values(in: trace)).gradient
        return layout.blocks.map { (address: $0.address, derivative: layout.value(of: $0, in: gradient)) }
    }

    /// One run of the program in gradient mode: the score of `trace` with the selected choices set to the flat
    /// vector `x` (every other choice replayed), summed in double precision, its gradient with respect to `x`
    /// from the tape, and what the program returned. Without `includingObservations`, the score is the latent
    /// choices' log-density only (observations and factors left out).
    func scoreAndGradient(_ trace: Trace, _ layout: ContinuousChoices, at x: [Double],
                          includingObservations: Bool = true) throws -> (score: Double, gradient: [Double], returnValue: Value) {
        let tape = Tape()
        let variables = Dictionary(uniqueKeysWithValues: layout.blocks.map { ($0.address, layout.value(of: $0, in: x)) })
        let bounded = Set(layout.blocks.filter { $0.support != .real }.map(\.address))
        let handler = GradientHandler(previous: trace, variables: variables, bounded: bounded, tape: tape,
                                      includesObservations: includingObservations)
        var unused = SeededGenerator(seed: 0)
        let returnValue = try interpreter.call(function, arguments: trace.arguments, mode: handler, generator: &unused)
        if let lost = layout.blocks.first(where: { handler.leaves[$0.address] == nil }) {
            throw InferenceError.invalidSetting(name: "selection", value: "\(lost.address)",
                                                requirement: "is no longer visited when the selected choices move: "
                                                    + "the model's structure depends on them, so gradients cannot follow")
        }
        var gradient = [Double](repeating: 0, count: layout.dimension)
        if handler.trackedScore.isTracked {
            let gradients = tape.gradients(of: handler.trackedScore)
            for block in layout.blocks {
                var position = block.range.lowerBound
                for leaf in handler.leaves[block.address]! {
                    for g in gradients[leaf].scalars {
                        gradient[position] = Double(g)
                        position += 1
                    }
                }
            }
        }
        return (handler.score, gradient, returnValue.detached)
    }
}

/// Gradient mode: replays a trace, turning the chosen continuous choices into tape variables, and sums every
/// log-density both in double precision (`score`) and on the tape where it depends on them (`trackedScore`).
final class GradientHandler: ExecutionMode {
    private let previous: Trace
    private let variables: [Address: Value]
    private let bounded: Set<Address>
    private let tape: Tape
    /// The tape variables made for each chosen address, in the value's flat order (one per number, one per tensor).
    private(set) var leaves: [Address: [Tensor]] = [:]
    /// The running score in double precision.
    private(set) var score = 0.0
    /// The running score on the tape, tracked once it depends on a variable.
    private(set) var trackedScore = Tensor(0.0)

    /// Whether observations and factors count in the score.
    private let includesObservations: Bool

    /// Replays `previous` with `variables` in place of its values there; `bounded` are the addresses mapped
    /// to the real line through fixed bounds, which must therefore not depend on other variables.
    init(previous: Trace, variables: [Address: Value], bounded: Set<Address>, tape: Tape, includesObservations: Bool) {
        self.previous = previous
        self.variables = variables
        self.bounded = bounded
        self.tape = tape
        self.includesObservations = includesObservations
    }

    func sample(_ address: Address, from distribution: DistributionValue, at site: SourceSpan,
                using generator: inout SeededGenerator) throws -> Value {
        let value: Value
        if let given = variables[address] {
            if bounded.contains(address), distribution.parameters.contains(where: { if case .tracked = $0 { true } else { false } }) {
                throw RuntimeError("the support of address \(address) (\(distribution.name)) depends on other selected choices, "
                                   + "but gradient methods map it to the real line through fixed bounds; leave one of them out of the selection",
                                   at: site)
            }
            var made: [Tensor] = []
            value = track(given, into: &made)
            leaves[address] = made
        } else if let old = previous.entries[address] {
            value = old.value
        } else {
            throw RuntimeError("differentiating the trace: the model visited address \(address), which the trace lacks "
                               + "(its structure changed)", at: site)
        }
        try add(distribution.logDensityWithTracking(value, at: site, address: address))
        return value
    }

    func observe(_ address: Address, from distribution: DistributionValue, value: Value, at site: SourceSpan) throws {
        guard includesObservations else { return }
        try add(distribution.logDensityWithTracking(value, at: site, address: address))
    }

    func factor(_ logWeight: Value, at site: SourceSpan) throws {
        guard let weight = logWeight.numberValue else {
            throw RuntimeError("factor expects a number (a log weight), got \(logWeight.typeName)", at: site)
        }
        guard includesObservations else { return }
        try add((weight, logWeight))
    }

    /// `value` with every number (or the tensor) replaced by a fresh tape variable, appended to `made` in order.
    private func track(_ value: Value, into made: inout [Tensor]) -> Value {
        switch value {
        case let .list(items): return .list(items.map { track($0, into: &made) })
        case let .tensor(t):
            made.append(tape.variable(t))
            return .tensor(made.last!)
        default:
            made.append(tape.variable(value.numberValue!))
            return .tracked(made.last!)
        }
    }

    private func add(_ logDensity: (value: Double, differentiable: Value)) throws {
        score += logDensity.value
        switch logDensity.differentiable {
        case let .tracked(t): trackedScore = trackedScore + t
        case let .number(x): trackedScore = trackedScore + x
        default: break
        }
    }
}
