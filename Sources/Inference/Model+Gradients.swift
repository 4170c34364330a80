import Language
import Random
import Tensors

extension Model {
    /// d score / d value for the selected choices that hold numbers, by reverse-mode differentiation: the trace
    /// is replayed with those choices as variables on a fresh `Tape`, so the derivative flows through the
    /// program's arithmetic, the distributions' analytic partials and any differentiable builtin. Returns the
    /// addresses in visiting order with their partial derivatives (single precision, as the tape computes).
    /// Throws if a listed address is not in the trace or does not hold a number.
    public func gradients(_ trace: Trace, selection: Selection) throws -> [(address: Address, derivative: Double)] {
        let addresses = try continuousAddresses(trace, selection)
        let values = addresses.map { trace.entries[$0]!.value.numberValue! }
        return Array(zip(addresses, try scoreAndGradient(trace, addresses, values).gradient))
            .map { (address: $0.0, derivative: $0.1) }
    }

    /// The selected addresses that hold numbers (not observations), in visiting order; errors name a selected
    /// address or prefix that matches nothing (``Trace/check(_:role:)``) and a whole address that holds
    /// something else.
    func continuousAddresses(_ trace: Trace, _ selection: Selection) throws -> [Address] {
        try trace.check(selection)
        for address in selection.listed ?? [] {
            if let entry = trace.entries[address], entry.value.numberValue == nil {
                throw InferenceError.notContinuous(address, value: "\(entry.value)")
            }
        }
        return trace.addresses.filter { address in
            guard selection.contains(address), let entry = trace.entries[address] else { return false }
            return entry.origin != .observed && entry.value.numberValue != nil
        }
    }

    /// The score with the choices at `addresses` set to `point` (all others replayed from `trace`), and its
    /// gradient with respect to `point`.
    func scoreAndGradient(_ trace: Trace, _ addresses: [Address], _ point: [Double]) throws -> (score: Double, gradient: [Double]) {
        let tape = Tape()
        let handler = GradientHandler(previous: trace, variables: Dictionary(uniqueKeysWithValues: zip(addresses, point)), tape: tape)
        var unused = SeededGenerator(seed: 0)
        _ = try interpreter.call(function, arguments: trace.arguments, mode: handler, generator: &unused)
        let gradients = tape.gradients(of: handler.score)
        return (handler.score.scalar, addresses.map { address in handler.leaves[address].map { gradients[$0].scalar } ?? 0 })
    }

    /// The score of `trace` with the choices at `addresses` set to `point`, every other choice replayed
    /// (in double precision, without the tape).
    func score(_ trace: Trace, _ addresses: [Address], _ point: [Double]) throws -> Double {
        var constraints = ChoiceMap()
        for (address, value) in zip(addresses, point) { constraints[address] = .number(value) }
        var generator = SeededGenerator(seed: 0)
        return try update(trace, constraints: constraints, using: &generator).trace.score
    }
}

/// Gradient mode: replays a trace, turning the chosen numeric choices into tape variables, and sums every
/// log-density (tracked where it depends on them) into `score`.
final class GradientHandler: ExecutionMode {
    private let previous: Trace
    private let variables: [Address: Double]
    private let tape: Tape
    /// The tape variable made for each chosen address.
    private(set) var leaves: [Address: Tensor] = [:]
    /// The running score, a tracked scalar once it depends on a variable.
    private(set) var score = Tensor(0.0)

    init(previous: Trace, variables: [Address: Double], tape: Tape) {
        self.previous = previous
        self.variables = variables
        self.tape = tape
    }

    func sample(_ address: Address, from distribution: DistributionValue, at site: SourceSpan,
                using generator: inout SeededGenerator) throws -> Value {
        let value: Value
        if let x = variables[address] {
            let leaf = tape.variable(x)
            leaves[address] = leaf
            value = .tracked(leaf)
        } else if let old = previous.entries[address] {
            value = old.value
        } else {
            throw RuntimeError("differentiating the trace: the model visited address \(address), which the trace lacks "
                               + "(its structure changed)", at: site)
        }
        try add(distribution.differentiableLogDensity(value, at: site))
        return value
    }

    func observe(_ address: Address, from distribution: DistributionValue, value: Value, at site: SourceSpan) throws {
        try add(distribution.differentiableLogDensity(value, at: site))
    }

    func factor(_ logWeight: Value, at site: SourceSpan) throws {
        guard logWeight.numberValue != nil else {
            throw RuntimeError("factor expects a number (a log weight), got \(logWeight.typeName)", at: site)
        }
        try add(logWeight)
    }

    private func add(_ logDensity: Value) throws {
        switch logDensity {
        case let .tracked(t): score = score + t
        case let .number(x): score = score + x
        default: break
        }
    }
}
