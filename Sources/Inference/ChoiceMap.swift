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

/// A set of addresses that an algorithm acts on (resimulated by MH, optimised by MAP...), hierarchical as in
/// Gen: naming an address selects it and every address under it, so `Selection(["token"])` holds
/// `("token", "stroke", 2, "shape", 0)` (the choices of a call made `at "token"`), and
/// `Selection([Address(["stroke", 2])])` holds `("stroke", 2, "start")`. Selections combine by
/// ``union(_:)`` and ``complement``.
public struct Selection: Sendable {
    private indirect enum Node: Sendable {
        case all
        case prefixes(Set<Address>)
        case complement(Node)
        case union([Node])

        func contains(_ address: Address) -> Bool {
            switch self {
            case .all: return true
            case let .prefixes(prefixes):
                if prefixes.contains(address) { return true }
                guard case let .path(parts) = address else { return false }
                // Every proper prefix of the path (one component is that component, not a path).
                for length in 1..<parts.count where prefixes.contains(Address(Array(parts[0..<length]))) { return true }
                return false
            case let .complement(node): return !node.contains(address)
            case let .union(nodes): return nodes.contains { $0.contains(address) }
            }
        }

        var named: [Address] {
            switch self {
            case .all: return []
            case let .prefixes(prefixes): return Array(prefixes)
            case let .complement(node): return node.named
            case let .union(nodes): return nodes.flatMap(\.named)
            }
        }
    }

    private let node: Node

    private init(_ node: Node) { self.node = node }

    /// Selects each of `addresses` and every address under it.
    public init(_ addresses: some Sequence<Address>) { node = .prefixes(Set(addresses)) }

    /// Selects every address.
    public static let all = Selection(.all)

    /// Whether `address` is selected.
    public func contains(_ address: Address) -> Bool { node.contains(address) }

    /// Every address not in this selection.
    public var complement: Selection { Selection(.complement(node)) }

    /// The addresses in any of `selections`.
    public static func union(_ selections: [Selection]) -> Selection {
        var prefixes: Set<Address> = []
        var others: [Node] = []
        for selection in selections {
            if case let .prefixes(named) = selection.node { prefixes.formUnion(named) } else { others.append(selection.node) }
        }
        if others.isEmpty { return Selection(.prefixes(prefixes)) }
        return Selection(.union((prefixes.isEmpty ? [] : [.prefixes(prefixes)]) + others))
    }

    /// The listed addresses (each with everything under it) of a selection made by ``init(_:)`` or a union of
    /// such; `nil` for ``all`` and for selections with a complement in them.
    public var listed: Set<Address>? {
        if case let .prefixes(prefixes) = node { return prefixes }
        return nil
    }

    /// Every address the selection names (under a complement too), to check that each matches the trace.
    var named: [Address] { node.named }
}
