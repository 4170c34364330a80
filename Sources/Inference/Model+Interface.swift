import Language
import Random

/// Gen's generative-function interface for `.gns` models. Every operation runs the model once under a
/// ``ChoiceHandler`` and reads the result off the handler; algorithms use only these operations.
extension Model {
    /// Runs the model forward, sampling every choice from its prior: a trace with `logWeight` 0.
    public func simulate(_ arguments: [Value], using generator: inout SeededGenerator) throws -> Trace {
        try generate(arguments, constraints: ChoiceMap(), using: &generator).trace
    }

    /// Runs the program with the choices in `constraints` fixed and the rest sampled from the prior.
    /// Returns the trace and the importance weight log p(trace) - log q(fresh choices) (observations,
    /// constraints and factors). Throws if a constraint's address is never visited or its value does not fit,
    /// or once `cancellation` is requested.
    public func generate(_ arguments: [Value], constraints: ChoiceMap, using generator: inout SeededGenerator,
                         cancellation: Cancellation? = nil) throws -> (trace: Trace, logWeight: Double) {
        let handler = ChoiceHandler(model: self, arguments: arguments, constraints: constraints)
        try run(arguments, under: handler, using: &generator, cancellation: cancellation)
        try handler.checkEveryConstraintVisited()
        return (handler.trace, handler.trace.score - handler.freshLogProbability)
    }

    /// log p of the run fully determined by `choices` (and the program's observations), with its return value.
    /// Throws if the program samples an address `choices` does not give, or `choices` has an unvisited address.
    public func assess(_ arguments: [Value], choices: ChoiceMap) throws -> (logProbability: Double, returnValue: Value) {
        let handler = ChoiceHandler(model: self, arguments: arguments, constraints: choices, allowsSampling: false)
        var unused = SeededGenerator(seed: 0)
        try run(arguments, under: handler, using: &unused)
        try handler.checkEveryConstraintVisited(role: "choice map")
        return (handler.trace.score, handler.trace.returnValue)
    }

    /// Re-runs `trace`'s program on new arguments and/or new choices, reusing every other choice by address and
    /// sampling choices the old trace lacks from the prior. The weight is
    /// log p(new) - log p(old) - log q(newly sampled choices), Gen's `update` weight; `discarded` holds the old
    /// values that were overwritten or are no longer visited.
    public func update(_ trace: Trace, arguments: [Value]? = nil, constraints: ChoiceMap = ChoiceMap(),
                       using generator: inout SeededGenerator) throws -> UpdateResult {
        let arguments = arguments ?? trace.arguments
        let handler = ChoiceHandler(model: self, arguments: arguments, constraints: constraints, previous: trace)
        try run(arguments, under: handler, using: &generator)
        try handler.checkEveryConstraintVisited()
        let new = handler.trace
        var discarded = ChoiceMap()
        for (address, entry) in trace.entries where entry.origin != .observed && !handler.reused.contains(address) {
            discarded[address] = entry.value
        }
        let added = new.addresses.filter { trace.entries[$0] == nil && new.entries[$0]?.origin != .observed }
        return UpdateResult(trace: new, logWeight: new.score - trace.score - handler.freshLogProbability,
                            discarded: discarded, added: added)
    }

    /// Re-runs `trace` with the selected choices resampled from their priors (all others reused): the proposal of
    /// MH with a selection. Returns the new trace and the log acceptance ratio of that move,
    /// [log p(new) - log q(new fresh)] - [log p(old) - log q(old discarded)].
    public func regenerate(_ trace: Trace, selection: Selection,
                           using generator: inout SeededGenerator) throws -> (trace: Trace, logWeight: Double) {
        let handler = ChoiceHandler(model: self, arguments: trace.arguments, previous: trace, resimulate: selection)
        try run(trace.arguments, under: handler, using: &generator)
        let new = handler.trace
        return (new, (new.score - handler.freshLogProbability) - (trace.score - handler.discardedLogProbability))
    }
}

/// What ``Model/update(_:arguments:constraints:using:)`` returns.
public struct UpdateResult: Sendable {
    /// The new trace.
    public let trace: Trace
    /// log p(new) - log p(old) - log q(newly sampled choices).
    public let logWeight: Double
    /// Old values that were overwritten by constraints or are no longer visited.
    public let discarded: ChoiceMap
    /// Addresses sampled in the new trace that the old one did not have, in visiting order.
    public let added: [Address]
}
