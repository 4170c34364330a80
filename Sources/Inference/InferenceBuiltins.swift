import Language
import Random

extension BuiltinRegistry {
    /// The standard library plus the inference builtins (`importance`, `mh`, `map_optimize`, `laplace`, and a
    /// `mean` that also accepts their results).
    public static let withInference: BuiltinRegistry = {
        var registry = BuiltinRegistry.standard
        registry.register(InferenceBuiltins.all)
        return registry
    }()
}

/// Inference callable from `.gns` scripts. Each builtin takes a model (a `.gns` function) and its arguments
/// as a list, runs through the same Swift API as everything else, and returns a record. Randomness comes
/// from the calling run's generator: one draw seeds the algorithm's own streams.
public enum InferenceBuiltins {
    /// Every inference builtin.
    public static let all: [Builtin] = [importance, metropolisHastings, maximumAPosteriori, laplace, mean]

    /// `importance(model, args, particles: 1000)` → `{samples, returns, weights, log_evidence, effective_sample_size}`:
    /// `samples` are `particles` return values resampled by weight; `returns` and `weights` the raw particles.
    static let importance = Builtin("importance", parameters: ["model", "args", Builtin.Parameter("particles", default: .number(1000))]) { call in
        let model = Model(interpreter: call.interpreter, function: call.arguments[0])
        let particles = try call.integer(2)
        let seed = call.withGenerator { $0.next() }
        let result = try rethrowing(call) { try model.importanceSampling(try call.list(1), particles: particles, seed: seed) }
        var generator = SeededGenerator(seed: seed, stream: UInt64(particles))
        let samples = result.resample(particles, using: &generator).map(\.returnValue)
        return record([
            ("samples", .list(samples)),
            ("returns", .list(result.traces.map(\.returnValue))),
            ("weights", .list(result.normalizedWeights.map(Value.number))),
            ("log_evidence", .number(result.logMarginalLikelihood)),
            ("effective_sample_size", .number(result.effectiveSampleSize)),
        ])
    }

    /// `mh(model, args, selection: nil, steps: 1000, burn_in: 0)` → `{samples, acceptance_rate, trace}`: a chain
    /// started from a prior simulation, each step one MH move per selected address (all sampled choices when
    /// `selection` is nil); `samples` holds the return value after each step past `burn_in`.
    static let metropolisHastings = Builtin("mh", parameters: [
        "model", "args", Builtin.Parameter("selection", default: .nil), Builtin.Parameter("steps", default: .number(1000)),
        Builtin.Parameter("burn_in", default: .number(0)),
    ]) { call in
        let model = Model(interpreter: call.interpreter, function: call.arguments[0])
        let arguments = try call.list(1)
        let steps = try call.integer(3), burnIn = try call.integer(4)
        guard steps >= 1, burnIn >= 0 else { throw BuiltinError("steps must be at least 1 and burn_in at least 0", argument: 3) }
        var generator = SeededGenerator(seed: call.withGenerator { $0.next() })
        return try rethrowing(call) {
            var trace = try model.simulate(arguments, using: &generator)
            let moves: [Selection]
            if case .nil = call.arguments[2] {
                moves = trace.addresses.filter { trace.entries[$0]?.origin == .sampled }.map { Selection([$0]) }
            } else {
                moves = try call.list(2).map { Selection([try address(of: $0)]) }
            }
            var samples: [Value] = []
            var accepted = 0
            for step in 0..<(burnIn + steps) {
                for move in moves {
                    let next = try model.metropolisHastings(trace, selection: move, using: &generator)
                    trace = next.trace
                    if next.accepted { accepted += 1 }
                }
                if step >= burnIn { samples.append(trace.returnValue) }
            }
            let rate = Double(accepted) / Double(max(1, (burnIn + steps) * moves.count))
            return record([("samples", .list(samples)), ("acceptance_rate", .number(rate)), ("trace", choicesValue(trace))])
        }
    }

    /// `map_optimize(model, args, selection: nil, method: "lbfgs", iterations: 200)` → `{choices, score, returned}`:
    /// a prior simulation moved to a local maximum of the score over the selected numeric choices.
    static let maximumAPosteriori = Builtin("map_optimize", parameters: [
        "model", "args", Builtin.Parameter("selection", default: .nil), Builtin.Parameter("method", default: .string("lbfgs")),
        Builtin.Parameter("iterations", default: .number(200)),
    ]) { call in
        let model = Model(interpreter: call.interpreter, function: call.arguments[0])
        let arguments = try call.list(1)
        let name = try call.string(3)
        guard let method = MAPMethod(rawValue: name) else {
            throw BuiltinError("method must be one of \(MAPMethod.allCases.map(\.rawValue)), got \"\(name)\"", argument: 3)
        }
        let iterations = try call.integer(4)
        var generator = SeededGenerator(seed: call.withGenerator { $0.next() })
        return try rethrowing(call) {
            let start = try model.simulate(arguments, using: &generator)
            let mode = try model.maximumAPosteriori(start, selection: try selection(call.arguments[2]), method: method,
                                                    iterations: iterations)
            return record([("choices", choicesValue(mode)), ("score", .number(mode.score)), ("returned", mode.returnValue)])
        }
    }

    /// `laplace(model, args, selection: nil)` → `{log_evidence, choices}`: MAP by L-BFGS, then Laplace's
    /// approximation of the evidence around that mode.
    static let laplace = Builtin("laplace", parameters: ["model", "args", Builtin.Parameter("selection", default: .nil)]) { call in
        let model = Model(interpreter: call.interpreter, function: call.arguments[0])
        let arguments = try call.list(1)
        var generator = SeededGenerator(seed: call.withGenerator { $0.next() })
        return try rethrowing(call) {
            let chosen = try selection(call.arguments[2])
            let mode = try model.maximumAPosteriori(try model.simulate(arguments, using: &generator), selection: chosen)
            let result = try model.laplace(mode, selection: chosen)
            return record([("log_evidence", .number(result.logMarginalLikelihood)), ("choices", choicesValue(mode))])
        }
    }

    /// `mean(x)`: the standard list mean, extended to inference results — the weighted mean of an `importance`
    /// result's returns, or the mean of an `mh` result's samples.
    static let mean = Builtin("mean", parameters: ["values"], gradient: .differentiable) { call in
        guard case let .record(result) = call.arguments[0] else {
            return try BuiltinRegistry.standard["mean"]!.body(call)
        }
        if case let .list(returns)? = result["returns"], case let .list(weights)? = result["weights"] {
            var total = 0.0
            for (item, weight) in zip(returns, weights) {
                guard let x = item.numberValue, let w = weight.numberValue else {
                    throw BuiltinError("the mean of an importance result needs numeric return values, got \(item.typeName)", argument: 0)
                }
                if w > 0 { total += w * x }
            }
            return .number(total)
        }
        if case let .list(samples)? = result["samples"] {
            let numbers = try samples.map { item in
                guard let x = item.numberValue else {
                    throw BuiltinError("the mean of a chain needs numeric return values, got \(item.typeName)", argument: 0)
                }
                return x
            }
            guard !numbers.isEmpty else { throw BuiltinError("the mean of an empty chain is undefined", argument: 0) }
            return .number(numbers.reduce(0, +) / Double(numbers.count))
        }
        throw BuiltinError("values must be a list or an inference result (a record with samples), got a record", argument: 0)
    }

    /// Runs `body`, turning inference errors into builtin errors (reported at the call) and keeping `.gns`
    /// runtime errors (which carry their own location) as they are.
    static func rethrowing<R>(_ call: BuiltinCall, _ body: () throws -> R) throws -> R {
        do {
            return try body()
        } catch let error as InferenceError {
            throw BuiltinError(error.description)
        } catch let error as ProgramError {
            throw RuntimeError(error.diagnostics.first?.message ?? "\(error)", at: error.diagnostics.first?.location ?? call.site)
        }
    }

    /// The address a `.gns` value names: a string, an integer or a tuple.
    static func address(of value: Value) throws -> Address {
        switch value {
        case let .string(name): return .name(name)
        case let .address(address): return address
        case let .number(x) where Int(exactly: x) != nil: return .index(Int(x))
        default: throw BuiltinError("a selection holds addresses (strings, integers or tuples), got \(value.typeName)", argument: 2)
        }
    }

    static func selection(_ value: Value) throws -> Selection {
        if case .nil = value { return .all }
        guard case let .list(items) = value else { throw BuiltinError("selection must be a list of addresses or nil", argument: 2) }
        return Selection(try items.map(address(of:)))
    }

    /// A trace's choices as a list of `[address, value]` pairs, in visiting order.
    static func choicesValue(_ trace: Trace) -> Value {
        .list(trace.addresses.compactMap { address in
            trace.entries[address].map { .list([Value(address), $0.value]) }
        })
    }

    static func record(_ fields: [(String, Value)]) -> Value {
        .record(Record(names: fields.map(\.0), values: fields.map(\.1)))
    }
}
