import Language
import Random

extension InferenceBuiltins {
    /// Gen's generative-function interface for scripts, thin clients of ``Model``'s operations, with choice maps
    /// and traces as values (see `ScriptValues.swift`): `choicemap`, `simulate`, `generate`, `update`, `assess`,
    /// and the trace readers `get_choices`, `get_score`, `get_retval`, `get_args`.
    static let interface: [Builtin] = [choicemap, simulate, generate, update, assess, getChoices, getScore, getReturnValue, getArguments]

    /// `choicemap([address, value], ...)` or `choicemap(pairs)` (one list of pairs) → a choice map.
    static let choicemap = Builtin("choicemap", parameters: ["pairs"], variadic: true) { call in
        var pairs = try call.list(0)
        // One argument that is itself a list of pairs (an address is never a list, so a pair never starts with one).
        if pairs.count == 1, case let .list(inner) = pairs[0], case .list? = inner.first { pairs = inner }
        if pairs.count == 1, case let .list(inner) = pairs[0], inner.isEmpty { pairs = [] }
        return try choiceMap(pairs: pairs, argument: 0).scriptValue
    }

    /// `simulate(model, args)` → a trace: every choice sampled from the prior.
    static let simulate = Builtin("simulate", parameters: ["model", "args"]) { call in
        let model = try model(call, 0)
        let arguments = try call.list(1)
        var generator = SeededGenerator(seed: call.withGenerator { $0.next() })
        return try rethrowing(call) { try model.simulate(arguments, using: &generator).scriptValue }
    }

    /// `generate(model, args, constraints)` → `{trace, weight}`: the choices in `constraints` fixed, the rest
    /// sampled from the prior; `weight` is log p(trace) - log q(sampled choices), the importance weight.
    static let generate = Builtin("generate", parameters: ["model", "args", Builtin.Parameter("constraints", default: .nil)]) { call in
        let model = try model(call, 0)
        let arguments = try call.list(1)
        let constraints = try choiceMap(call.arguments[2], argument: 2)
        var generator = SeededGenerator(seed: call.withGenerator { $0.next() })
        return try rethrowing(call) {
            let (trace, weight) = try model.generate(arguments, constraints: constraints, using: &generator)
            return record([("trace", trace.scriptValue), ("weight", .number(weight))])
        }
    }

    /// `update(trace, constraints, args: nil)` → `{trace, weight, discarded}`: the trace re-run with new choices
    /// (and new arguments, when given), reusing the others; `weight` is log p(new) - log p(old) - log q(newly
    /// sampled choices), `discarded` the choice map of the old values that were replaced or are no longer visited.
    static let update = Builtin("update", parameters: ["trace", Builtin.Parameter("constraints", default: .nil),
                                                       Builtin.Parameter("args", default: .nil)]) { call in
        let trace = try trace(call, 0)
        let constraints = try choiceMap(call.arguments[1], argument: 1)
        let arguments: [Value]? = if case .nil = call.arguments[2] { nil } else { try call.list(2) }
        var generator = SeededGenerator(seed: call.withGenerator { $0.next() })
        let model = Model(interpreter: trace.model.interpreter, function: trace.model.function, callSite: call.site)
        return try rethrowing(call) {
            let result = try model.update(trace, arguments: arguments, constraints: constraints, using: &generator)
            return record([("trace", result.trace.scriptValue), ("weight", .number(result.logWeight)),
                           ("discarded", result.discarded.scriptValue)])
        }
    }

    /// `assess(model, args, choices)` → `{log_probability, returned}`: log p of the run that `choices` (and the
    /// program's observations) determine completely, and what it returned.
    static let assess = Builtin("assess", parameters: ["model", "args", "choices"]) { call in
        let model = try model(call, 0)
        let arguments = try call.list(1)
        let choices = try choiceMap(call.arguments[2], argument: 2)
        return try rethrowing(call) {
            let (logProbability, returned) = try model.assess(arguments, choices: choices)
            return record([("log_probability", .number(logProbability)), ("returned", returned)])
        }
    }

    /// `get_choices(trace)` → the choice map of the trace's choices (observations left out).
    static let getChoices = Builtin("get_choices", parameters: ["trace"]) { call in try trace(call, 0).unobservedChoices.scriptValue }

    /// `get_score(trace)` → log p of every choice and observation plus the factors.
    static let getScore = Builtin("get_score", parameters: ["trace"]) { call in .number(try trace(call, 0).score) }

    /// `get_retval(trace)` → what the model returned.
    static let getReturnValue = Builtin("get_retval", parameters: ["trace"]) { call in try trace(call, 0).returnValue }

    /// `get_args(trace)` → the list of arguments the model was called with.
    static let getArguments = Builtin("get_args", parameters: ["trace"]) { call in .list(try trace(call, 0).arguments) }
}

extension InferenceBuiltins {
    /// Hierarchical selections (Gen's `select`, `complement`): what `mh`, `mh_step`, `map_optimize` and
    /// `laplace` act on.
    static let selections: [Builtin] = [select, complement, union]

    /// `select(address, ...)` → a selection of each address and everything under it: `select("token")`
    /// holds `("token", "stroke", 0, "shape", 1)`, `select(("stroke", 2))` holds `("stroke", 2, "start")`.
    static let select = Builtin("select", parameters: ["addresses"], variadic: true) { call in
        let items = try call.list(0)
        guard !items.isEmpty else {
            throw BuiltinError("select needs at least one address (an empty selection would move nothing)", argument: 0)
        }
        return Selection(try items.map { try address(of: $0, argument: 0) }).scriptValue
    }

    /// `complement(selection)` → every address the selection does not hold.
    static let complement = Builtin("complement", parameters: ["selection"]) { call in
        try selection(call.arguments[0], argument: 0).complement.scriptValue
    }

    /// `union(selection, ...)` → the addresses held by any of the selections.
    static let union = Builtin("union", parameters: ["selections"], variadic: true) { call in
        let items = try call.list(0)
        guard !items.isEmpty else { throw BuiltinError("union needs at least one selection", argument: 0) }
        return Selection.union(try items.map { try selection($0, argument: 0) }).scriptValue
    }
}
