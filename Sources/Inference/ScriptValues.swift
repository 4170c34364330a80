import Language
import Spelling

/// Traces, choice maps and selections as `.gns` values: `.opaque` boxes that scripts pass to the interface
/// builtins, index by address (`trace["mu"]`, `choices[("y", 0)]`) and print.
extension ChoiceMap: ScriptReadable {
    /// The choice map as a script value.
    public var scriptValue: Value { .opaque(Opaque(self, typeName: "a choice map")) }

    /// `choices[address]`: the value at `address`, or, for an address that only begins some choices, the
    /// choice map of those choices with the prefix taken off (Gen's `get_submap`).
    public func element(at key: Value, location: SourceSpan) throws -> Value {
        let address = try Address(value: key, at: location)
        if let value = values[address] { return value }
        let under = submap(under: address)
        if !under.isEmpty { return under.scriptValue }
        let hint = nearestAddress(to: address, among: addresses).map { "; did you mean \($0)?" } ?? ""
        throw RuntimeError("no choice at address \(address)\(hint)", at: location)
    }

    /// `choicemap([address, value], ...)`, sorted by address text.
    public var scriptDescription: String {
        Self.scriptText(values.sorted { "\($0.key)" < "\($1.key)" }.map { ($0.key, $0.value) })
    }

    /// The choices at addresses that begin with `prefix` (but are not `prefix` itself), the prefix removed.
    public func submap(under prefix: Address) -> ChoiceMap {
        let length = prefix.components.count
        var under = ChoiceMap()
        for (address, value) in values where address != prefix && address.hasPrefix(prefix) {
            under[Address(Array(address.components.dropFirst(length)))] = value
        }
        return under
    }

    static func scriptText(_ pairs: [(Address, Value)]) -> String {
        "choicemap(" + pairs.map { "[\($0.0), \($0.1.quotedDescription)]" }.joined(separator: ", ") + ")"
    }
}

extension Trace {
    /// The values of every choice the program did not observe: what `start:` and `get_choices` carry over.
    public var unobservedChoices: ChoiceMap {
        ChoiceMap(entries.compactMapValues { $0.origin == .observed ? nil : $0.value })
    }
}

extension Trace: ScriptReadable {
    /// The trace as a script value.
    public var scriptValue: Value { .opaque(Opaque(self, typeName: "a trace")) }

    /// `trace[address]`: the value chosen at `address`, or the choice map under it (see ``ChoiceMap``).
    public func element(at key: Value, location: SourceSpan) throws -> Value {
        let address = try Address(value: key, at: location)
        if let entry = entries[address] { return entry.value }
        return try choices.element(at: key, location: location)
    }

    /// `trace(score: ..., returned: ..., choices: choicemap(...))`, choices in visiting order.
    public var scriptDescription: String {
        let pairs = addresses.compactMap { address in entries[address].map { (address, $0.value) } }
        return "trace(score: \(Value.number(score)), returned: \(returnValue.quotedDescription), "
            + "choices: \(ChoiceMap.scriptText(pairs)))"
    }
}

/// A selection as a script value (printed as `<a selection>`).
extension Selection {
    /// The selection as a script value.
    public var scriptValue: Value { .opaque(Opaque(self, typeName: "a selection")) }
}

/// The address among `candidates` whose text is closest to `address`: the one "did you mean" for addresses.
func nearestAddress(to address: Address, among candidates: some Sequence<Address>) -> Address? {
    let byText = Dictionary(candidates.map { ("\($0)", $0) }, uniquingKeysWith: { first, _ in first })
    return nearest("\(address)", in: byText.keys).flatMap { byText[$0] }
}
