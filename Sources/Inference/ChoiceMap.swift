import Language

/// Values for some random choices, keyed by address: the constraints of `generate`, the new choices of
/// `update`, or the choices read out of a trace.
public struct ChoiceMap: Sendable, CustomStringConvertible {
    /// The constrained values.
    public private(set) var values: [Address: Value]

    /// An empty choice map.
    public init() { values = [:] }

    /// A choice map with the given values.
    public init(_ values: [Address: Value]) { self.values = values }

    /// The value at `address`, if constrained.
    public subscript(address: Address) -> Value? {
        get { values[address] }
        set { values[address] = newValue }
    }

    /// The constrained addresses.
    public var addresses: Dictionary<Address, Value>.Keys { values.keys }

    /// Whether nothing is constrained.
    public var isEmpty: Bool { values.isEmpty }

    /// One `address = value` line per choice, sorted by address text.
    public var description: String {
        values.map { "\($0.key) = \($0.value)" }.sorted().joined(separator: "\n")
    }
}

/// A set of addresses that an algorithm acts on (resimulated by MH, optimised by MAP...).
public struct Selection: Sendable {
    private let addresses: Set<Address>?

    /// Selects exactly `addresses`.
    public init(_ addresses: some Sequence<Address>) { self.addresses = Set(addresses) }

    /// Selects every address.
    public static let all = Selection(everything: ())

    private init(everything: Void) { addresses = nil }

    /// Whether `address` is selected.
    public func contains(_ address: Address) -> Bool { addresses?.contains(address) ?? true }

    /// The explicitly listed addresses (`nil` for ``all``).
    public var listed: Set<Address>? { addresses }
}
