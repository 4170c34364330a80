import Language
import Random

extension InferenceBuiltins {
    /// `mh(model, args, selection: nil, steps: 1000, burn_in: 0, constraints: nil, start: nil, proposal: nil,
    /// proposal_args: [], step_size: nil, block: false, adapt: true, chains: 1)` → `{samples, acceptance_rate,
    /// trace}`: a Metropolis-Hastings chain started from
    /// `start` (a trace or choice map) or a prior simulation, with `constraints` fixed. Without `proposal`, each
    /// step is one move per selected address that resimulates it from its prior (every sampled choice when
    /// `selection` is nil); with a `proposal` function, each step is one move of that proposal program
    /// (see `mh_step`). `samples` holds the return value after each step past `burn_in`; `trace` is the
    /// final state. With `step_size` or `chains` above 1, see ``chainedMetropolisHastings(_:steps:burnIn:)``.
    static let metropolisHastings = Builtin("mh", parameters: [
        "model", "args", Builtin.Parameter("selection", default: .nil), Builtin.Parameter("steps", default: .number(1000)),
        Builtin.Parameter("burn_in", default: .number(0)), Builtin.Parameter("constraints", default: .nil),
        Builtin.Parameter("start", default: .nil), Builtin.Parameter("proposal", default: .nil),
        Builtin.Parameter("proposal_args", default: .list([])), Builtin.Parameter("step_size", default: .nil),
        Builtin.Parameter("block", default: .bool(false)), Builtin.Parameter("adapt", default: .bool(true)),
        Builtin.Parameter("chains", default: .number(1)),
    ]) { call in
        let model = try model(call, 0)
        let arguments = try call.list(1)
        let steps = try call.integer(3), burnIn = try call.integer(4)
        guard steps >= 1 else { throw BuiltinError("steps must be at least 1, got \(steps)", argument: 3) }
        guard burnIn >= 0 else { throw BuiltinError("burn_in must be at least 0, got \(burnIn)", argument: 4) }
        try call.reserve(steps, "samples")
        try call.charge(burnIn)
        try call.charge(steps)
        if case .nil = call.arguments[9], try call.integer(12) == 1 {} else {
            guard case .nil = call.arguments[5], case .nil = call.arguments[6], case .nil = call.arguments[7] else {
                throw BuiltinError("step_size and chains do not combine with constraints, start or a proposal yet", argument: 9)
            }
            return try chainedMetropolisHastings(call, steps: steps, burnIn: burnIn)
        }
        let constraints = try choiceMap(call.arguments[5], argument: 5)
        var proposal: (model: Model, arguments: [Value])?
        if case .nil = call.arguments[7] {} else {
            guard case .nil = call.arguments[2] else {
                throw BuiltinError("give either a selection or a proposal: the proposal program chooses what it moves", argument: 2)
            }
            proposal = (try InferenceBuiltins.model(call, 7), try call.list(8))
        }
        var generator = SeededGenerator(seed: call.withGenerator { $0.next() })
        return try rethrowing(call) {
            var trace = try startingTrace(model, arguments, start: call.arguments[6], startArgument: 6, constraints: constraints,
                                          using: &generator)
            let moves: [Selection]
            if proposal != nil {
                moves = []
            } else if case .nil = call.arguments[2] {
                moves = trace.addresses.filter { trace.entries[$0]?.origin == .sampled }.map { Selection([$0]) }
            } else {
                // Each listed address (or prefix) is one move; a single selection value is one block move.
                let items: [Value]
                if case let .list(list) = call.arguments[2] { items = list } else { items = [call.arguments[2]] }
                moves = try items.map { try selection($0) }
                for move in moves { try trace.check(move) }
            }
            var samples: [Value] = []
            var accepted = 0
            for step in 0..<(burnIn + steps) {
                if let proposal {
                    let next = try model.metropolisHastings(trace, proposal: proposal.model, proposalArguments: proposal.arguments,
                                                            currentChoices: \.scriptValue, using: &generator)
                    trace = next.trace
                    if next.accepted { accepted += 1 }
                }
                for move in moves {
                    let next = try model.metropolisHastings(trace, selection: move, using: &generator)
                    trace = next.trace
                    if next.accepted { accepted += 1 }
                }
                if step >= burnIn { samples.append(trace.returnValue) }
            }
            let rate = Double(accepted) / Double((burnIn + steps) * max(1, proposal == nil ? moves.count : 1))
            return record([("samples", .list(samples)), ("acceptance_rate", .number(rate)), ("trace", trace.scriptValue)])
        }
    }

    /// `mh_step(trace, move, proposal_args: [])` → `{trace, accepted}`: one Metropolis-Hastings move of a trace,
    /// Gen's `mh`. `move` is either a selection (resimulated from the prior) or a proposal function: a `.gns`
    /// function called with the current trace followed by `proposal_args`, whose own choices are the proposed
    /// values at the model's addresses. The acceptance ratio uses the proposal run forward, q(new | old), and
    /// assessed backward on the values it replaced, q(old | new).
    static let metropolisHastingsStep = Builtin("mh_step", parameters: [
        "trace", "move", Builtin.Parameter("proposal_args", default: .list([])),
    ]) { call in
        let trace = try trace(call, 0)
        var generator = SeededGenerator(seed: call.withGenerator { $0.next() })
        let model = Model(interpreter: trace.model.interpreter, function: trace.model.function, callSite: call.site)
        return try rethrowing(call) {
            let next: (trace: Trace, accepted: Bool)
            if case .closure = call.arguments[1] {
                next = try model.metropolisHastings(trace, proposal: try InferenceBuiltins.model(call, 1), proposalArguments: try call.list(2),
                                                    currentChoices: \.scriptValue, using: &generator)
            } else {
                next = try model.metropolisHastings(trace, selection: try selection(call.arguments[1], argument: 1), using: &generator)
            }
            return record([("trace", next.trace.scriptValue), ("accepted", .bool(next.accepted))])
        }
    }
}
