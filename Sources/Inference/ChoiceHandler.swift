import Language
import Random

/// The execution mode behind every interface operation: at each `sample` it takes the value from the
/// constraints, else reuses the previous trace's value (unless that address is to be resimulated), else draws
/// from the prior — and records the choice. `simulate`, `generate`, `assess`, `update` and `regenerate` differ
/// only in which of these sources they provide (Pyro's condition / replay / trace handlers folded into one).
/// The trace's table of choices is also where a reused address is caught (`checksAddressReuse`).
final class ChoiceHandler: ExecutionMode {
    private let constraints: ChoiceMap
    private let previous: Trace?
    private let resimulate: Selection?
    private let allowsSampling: Bool

    /// The trace being built.
    private(set) var trace: Trace
    /// Σ log p over choices drawn from the prior in this run (the proposal density of fresh choices).
    private(set) var freshLogProbability = 0.0
    /// Addresses of the previous trace whose values were carried over.
    private(set) var reused: Set<Address> = []
    private var visitedConstraints = 0

    init(model: Model, arguments: [Value], constraints: ChoiceMap = ChoiceMap(), previous: Trace? = nil,
         resimulate: Selection? = nil, allowsSampling: Bool = true) {
        self.constraints = constraints
        self.previous = previous
        self.resimulate = resimulate
        self.allowsSampling = allowsSampling
        trace = Trace(model: model, arguments: arguments, capacity: previous?.addresses.count ?? model.choiceCount.expected)
    }

    /// The trace's reserved size: the run makes about as many choices as the trace it replays, or as the model's
    /// last run.
    var expectedChoiceCount: Int { trace.entries.capacity }

    var checksAddressReuse: Bool { true }

    func sample(_ address: Address, from distribution: DistributionValue, at site: SourceSpan,
                using generator: inout SeededGenerator) throws -> Value {
        let value: Value
        let origin: ChoiceOrigin
        if !constraints.isEmpty, let constrained = constraints[address] {
            (value, origin) = (constrained, .constrained)
            visitedConstraints += 1
        } else if let old = previous?.entries[address], !(resimulate?.contains(address) ?? false) {
            (value, origin) = (old.value, old.origin)
            reused.insert(address)
        } else {
            guard allowsSampling else {
                throw RuntimeError("assess needs a value for address \(address), but the choice map has none", at: site)
            }
            let drawn = distribution.sample(using: &generator)
            let logProbability = try distribution.logDensity(drawn, at: site)
            freshLogProbability += logProbability
            try trace.record(address, TraceEntry(distribution: distribution, value: drawn, logProbability: logProbability,
                                             origin: .sampled, site: site))
            return drawn
        }
        try trace.record(address, TraceEntry(distribution: distribution, value: value,
                                         logProbability: try distribution.logDensity(value, at: site, address: address),
                                         origin: origin, site: site))
        return value
    }

    func observe(_ address: Address, from distribution: DistributionValue, value: Value, at site: SourceSpan) throws {
        if !constraints.isEmpty, constraints[address] != nil {
            throw RuntimeError("address \(address) is observed by the program, so a choice map cannot constrain it", at: site)
        }
        try trace.record(address, TraceEntry(distribution: distribution, value: value,
                                         logProbability: try distribution.logDensity(value, at: site, address: address),
                                         origin: .observed, site: site))
    }

    func factor(_ logWeight: Value, at site: SourceSpan) throws {
        guard let weight = logWeight.numberValue else {
            throw RuntimeError("factor expects a number (a log weight), got \(logWeight.typeName)", at: site)
        }
        trace.factorLogWeight += weight
    }

    /// Stores what the program returned, and how many choices it made for the model's next run.
    func finish(returning value: Value) {
        trace.returnValue = value
        trace.model.choiceCount.remember(trace.addresses.count)
    }

    /// Throws for the first constraint (by address text) the run never reached, suggesting the nearest visited address.
    func checkEveryConstraintVisited(role: String = "constraint") throws {
        guard visitedConstraints < constraints.values.count else { return }
        let missing = constraints.addresses.filter { trace.entries[$0] == nil }.min { "\($0)" < "\($1)" }
        if let missing {
            throw InferenceError.unvisitedAddress(missing, role: role, suggestion: trace.nearestAddress(to: missing))
        }
    }

    /// The log-probability of the previous trace's choices that were not carried over (resimulated, overwritten
    /// or no longer visited): the proposal density of the discarded values under `regenerate`.
    var discardedLogProbability: Double {
        guard let previous else { return 0 }
        return previous.entries.reduce(0) { total, entry in
            reused.contains(entry.key) || entry.value.origin == .observed ? total : total + entry.value.logProbability
        }
    }
}

extension Trace {
    /// The visited address (or, with `prefixes`, prefix of one) whose text is closest to `address`, for
    /// "did you mean" hints.
    func nearestAddress(to address: Address, prefixes: Bool = false) -> Address? {
        prefixes ? Inference.nearestAddress(to: address, among: addressPrefixes)
            : Inference.nearestAddress(to: address, among: entries.keys)
    }

    /// Every visited address and every prefix of one: what a hierarchical selection can name.
    var addressPrefixes: Set<Address> {
        var prefixes: Set<Address> = []
        for address in addresses {
            let parts = address.components
            for length in 1...parts.count { prefixes.insert(Address(Array(parts[0..<length]))) }
        }
        return prefixes
    }

    /// Throws unless every address `selection` names is, or begins, a visited address, and it selects at least
    /// one choice; the error names the address and suggests the nearest one the trace has. `role` says what
    /// the selection is for in the message ("selection", "proposal"...).
    public func check(_ selection: Selection, role: String = "selection") throws {
        let named = selection.named
        // Most selections name whole addresses: only the others need the set of prefixes.
        let inexact = named.filter { entries[$0] == nil }
        if !inexact.isEmpty {
            let prefixes = addressPrefixes
            for address in inexact.sorted(by: { "\($0)" < "\($1)" }) where !prefixes.contains(address) {
                throw InferenceError.unvisitedAddress(address, role: role, suggestion: nearestAddress(to: address, prefixes: true))
            }
        }
        // A plain list of addresses that each match something selects something.
        if selection.listed != nil, !named.isEmpty { return }
        guard addresses.contains(where: selection.contains) else {
            throw InferenceError.emptySelection(role: role, example: addresses.first)
        }
    }
}
