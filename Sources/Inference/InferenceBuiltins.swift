import Language
import Random

extension BuiltinRegistry {
    /// The standard library plus the inference builtins (`importance`, `mh`, `hmc`, `mala`, `map_optimize`, `laplace`, and a
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
    public static let all: [Builtin] = [importance, metropolisHastings, metropolisHastingsStep, hamiltonianMonteCarlo, langevin,
                                        maximumAPosteriori, laplace, mean]
        + interface + selections

    /// `map_optimize(model, args, selection: nil, method: "lbfgs", iterations: 200, constraints: nil, start: nil)`
    /// → `{choices, score, returned}`: the `start` trace or choice map (else a prior simulation), `constraints`
    /// fixed, moved to a local maximum of the score over the selected numeric choices.
    static let maximumAPosteriori = Builtin("map_optimize", parameters: [
        "model", "args", Builtin.Parameter("selection", default: .nil), Builtin.Parameter("method", default: .string("lbfgs")),
        Builtin.Parameter("iterations", default: .number(200)), Builtin.Parameter("constraints", default: .nil),
        Builtin.Parameter("start", default: .nil),
    ]) { call in
        let model = try model(call, 0)
        let arguments = try call.list(1)
        let name = try call.string(3)
        guard let method = MAPMethod(rawValue: name) else {
            throw BuiltinError("method must be one of \(MAPMethod.allCases.map(\.rawValue)), got \"\(name)\"", argument: 3)
        }
        let iterations = try call.integer(4)
        var generator = SeededGenerator(seed: call.withGenerator { $0.next() })
        return try rethrowing(call) {
            let start = try startingTrace(model, arguments, start: call.arguments[6], startArgument: 6,
                                          constraints: try choiceMap(call.arguments[5], argument: 5), using: &generator)
            let mode = try model.maximumAPosteriori(start, selection: try selection(call.arguments[2]), method: method,
                                                    iterations: iterations)
            return record([("choices", choicesValue(mode)), ("score", .number(mode.score)), ("returned", mode.returnValue)])
        }
    }

    /// `laplace(model, args, selection: nil)` → `{log_evidence, choices}`: MAP by L-BFGS, then Laplace's
    /// approximation of the evidence around that mode.
    static let laplace = Builtin("laplace", parameters: ["model", "args", Builtin.Parameter("selection", default: .nil)]) { call in
        let model = try model(call, 0)
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

    /// Runs `body`, turning inference errors into builtin errors (reported at the call). Errors of the model's
    /// own runs pass through whole: the interpreter keeps their notes and `.gns` call stack, which ends at
    /// this call (``Model/callSite``).
    static func rethrowing<R>(_ call: BuiltinCall, _ body: () throws -> R) throws -> R {
        do {
            return try body()
        } catch let error as InferenceError {
            throw BuiltinError(error.description)
        }
    }

    /// Argument `index` as a model: a `.gns` function, whose runs' errors are reported under this call.
    static func model(_ call: BuiltinCall, _ index: Int) throws -> Model {
        guard case .closure = call.arguments[index] else { throw call.mismatch(index, "a .gns function (the model)") }
        return Model(interpreter: call.interpreter, function: call.arguments[index], callSite: call.site)
    }

    /// The address a `.gns` value names: a string, an integer or a tuple (argument `argument` of the call).
    static func address(of value: Value, argument: Int = 2) throws -> Address {
        guard let address = Address(exactly: value) else {
            throw BuiltinError("an address is a string, an integer or a tuple of them, got \(value.typeName)", argument: argument)
        }
        return address
    }

    /// A selection argument: `nil` (everything), a value made by `select`, `complement` or `union`, one address
    /// (selecting everything under it), or a list of these (their union).
    static func selection(_ value: Value, argument: Int = 2) throws -> Selection {
        switch value {
        case .nil: return .all
        case let .opaque(box) where box.payload is Selection: return box.payload as! Selection
        case let .list(items): return Selection.union(try items.map { try selection($0, argument: argument) })
        default: return Selection([try address(of: value, argument: argument)])
        }
    }

    /// A choice-map argument: `nil` (empty), a choice map, a trace (its choices, observations left out), or a
    /// list of `[address, value]` pairs.
    static func choiceMap(_ value: Value, argument: Int) throws -> ChoiceMap {
        switch value {
        case .nil: return ChoiceMap()
        case let .opaque(box) where box.payload is ChoiceMap: return box.payload as! ChoiceMap
        case let .opaque(box) where box.payload is Trace: return (box.payload as! Trace).unobservedChoices
        case let .list(pairs): return try choiceMap(pairs: pairs, argument: argument)
        default: throw BuiltinError("expected a choice map, a trace or a list of [address, value] pairs, got \(value.typeName)",
                                    argument: argument)
        }
    }

    /// The choice map of `[address, value]` pairs; an address given twice is an error.
    static func choiceMap(pairs: [Value], argument: Int) throws -> ChoiceMap {
        var choices = ChoiceMap()
        for pair in pairs {
            guard case let .list(items) = pair, items.count == 2 else {
                throw BuiltinError("a choice is a pair [address, value], got \(pair.typeName == "a list" ? "a list of another length" : pair.typeName)",
                                   argument: argument)
            }
            let address = try address(of: items[0], argument: argument)
            guard choices[address] == nil else { throw BuiltinError("address \(address) is given twice", argument: argument) }
            choices[address] = items[1].detached
        }
        return choices
    }

    /// Argument `index` as a trace (made by `simulate`, `generate`, `update` or an algorithm).
    static func trace(_ call: BuiltinCall, _ index: Int) throws -> Trace {
        guard case let .opaque(box) = call.arguments[index], let trace = box.payload as? Trace else {
            throw call.mismatch(index, "a trace")
        }
        return trace
    }

    /// Where an algorithm's chain or search starts: `start` (a trace or a choice map, argument `startArgument`)
    /// with `constraints` added (they win where both give an address), the other choices sampled from the
    /// prior, by ``Model/generate(_:constraints:using:cancellation:)``; a prior simulation under `constraints`
    /// when `start` is nil. Shared by `mh` and `map_optimize`.
    static func startingTrace(_ model: Model, _ arguments: [Value], start: Value, startArgument: Int,
                              constraints: ChoiceMap, using generator: inout SeededGenerator) throws -> Trace {
        var choices = try choiceMap(start, argument: startArgument)
        for (address, value) in constraints.values { choices[address] = value }
        return try model.generate(arguments, constraints: choices, using: &generator).trace
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
