import Foundation
import Language
import Random

extension Model {
    /// One Metropolis-Hastings step that resimulates the `selection` from its prior (Gen's `mh(trace, selection)`).
    /// Returns the next state of the chain and whether the move was accepted.
    public func metropolisHastings(_ trace: Trace, selection: Selection,
                                   using generator: inout SeededGenerator) throws -> (trace: Trace, accepted: Bool) {
        try trace.check(selection)
        let (proposed, logAcceptance) = try regenerate(trace, selection: selection, using: &generator)
        return accept(logAcceptance, using: &generator) ? (proposed, true) : (trace, false)
    }

    /// One Metropolis-Hastings step with a custom proposal program (Gen's `mh(trace, proposal, args)`).
    /// `proposal` is called with the current choices (a record-like value made by `currentChoices`) followed by
    /// `proposalArguments`; its choices are written into the model trace by `update`. The acceptance ratio is
    /// update weight + log q(backward choices) - log q(forward choices), the backward choices being the
    /// values the update discarded, assessed under the proposal run from the new trace.
    public func metropolisHastings(_ trace: Trace, proposal: Model, proposalArguments: [Value] = [],
                                   currentChoices: (Trace) -> Value,
                                   using generator: inout SeededGenerator) throws -> (trace: Trace, accepted: Bool) {
        let forward = try proposal.simulate([currentChoices(trace)] + proposalArguments, using: &generator)
        for address in forward.addresses where trace.entries[address] == nil {
            throw InferenceError.unvisitedAddress(address, role: "proposal", suggestion: trace.nearestAddress(to: address))
        }
        let moved = try update(trace, constraints: forward.choices, using: &generator)
        let backward = try proposal.assess([currentChoices(moved.trace)] + proposalArguments, choices: moved.discarded)
        let logAcceptance = moved.logWeight + backward.logProbability - forward.score
        return accept(logAcceptance, using: &generator) ? (moved.trace, true) : (trace, false)
    }

    private func accept(_ logAcceptance: Double, using generator: inout SeededGenerator) -> Bool {
        logAcceptance >= 0 || log(Double.random(in: 0..<1, using: &generator)) < logAcceptance
    }
}
