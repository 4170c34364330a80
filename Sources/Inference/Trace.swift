import Language

/// One random choice recorded in a trace.
public struct TraceEntry: Sendable {
    /// The distribution the value was drawn from (or scored under).
    public let distribution: DistributionValue
    /// The chosen (or observed) value.
    public let value: Value
    /// log p(value) under `distribution`.
    public let logProbability: Double
    /// Where the value came from.
    public let origin: ChoiceOrigin
    /// Where in the program the choice was made.
    public let site: SourceSpan
}

extension TraceEntry {
    /// Whether the value was fixed from outside the prior (observed, or constrained by `generate`/`update`).
    public var isConstrained: Bool { origin != .sampled }
}

/// How a choice got its value.
public enum ChoiceOrigin: String, Sendable {
    /// Drawn from its distribution (or carried over from a trace where it was).
    case sampled
    /// Given by a choice map passed to `generate`, `update` or `assess`.
    case constrained
    /// Fixed by the program's `observe`.
    case observed
}

/// The record of one run of a program: every random choice by address, the return value and the score.
///
/// Choices live in a flat table keyed by address (O(1) lookup for `update` and `generate`); `addresses` keeps
/// the order in which the run visited them, for printing.
public struct Trace: Sendable {
    /// The model that was run.
    public let model: Model
    /// The arguments it was called with.
    public let arguments: [Value]
    /// Every choice, by address.
    public internal(set) var entries: [Address: TraceEntry] = [:]
    /// The addresses in visiting order.
    public internal(set) var addresses: [Address] = []
    /// The sum of every `factor` log-weight met during the run.
    public internal(set) var factorLogWeight = 0.0
    /// What the program returned.
    public internal(set) var returnValue: Value = .nil

    /// An empty trace of `model` called with `arguments`, filled in as the run proceeds; `capacity` choices
    /// are reserved up front (a re-run expects about as many as the trace it replays).
    init(model: Model, arguments: [Value], capacity: Int = 0) {
        self.model = model
        self.arguments = arguments
        entries.reserveCapacity(capacity)
        addresses.reserveCapacity(capacity)
    }

    /// The sum of the choices' log-probabilities, accumulated in visiting order (so it is reproducible to the bit).
    private var choicesLogProbability = 0.0

    /// log p of every choice (sampled and observed) plus the factors: the model's unnormalised joint log-density.
    public var score: Double { choicesLogProbability + factorLogWeight }

    /// The value chosen at `address`, if the run visited it.
    public subscript(address: Address) -> Value? { entries[address]?.value }

    /// The values of every choice, by address.
    public var choices: ChoiceMap { ChoiceMap(entries.mapValues(\.value)) }

    /// Records a new choice; throws ``RuntimeError/addressReused(_:first:again:)`` if the run already made one at
    /// `address` (one table lookup both checks and inserts; the run, and with it this trace, is then abandoned).
    mutating func record(_ address: Address, _ entry: TraceEntry) throws {
        if let first = entries.updateValue(entry, forKey: address) {
            throw RuntimeError.addressReused(address, first: first.site, again: entry.site)
        }
        addresses.append(address)
        choicesLogProbability += entry.logProbability
    }
}
