/// The name of a random choice: a string, an integer, or a path of them such as
/// `("stroke", 2, "delta", 0)`.
///
/// Paths are flat: a path never contains a path (nesting flattens) and never has fewer
/// than two components (a one-component path is that component). Namespacing a call
/// with `at` prepends the namespace, so `part() at ("part", 1)` turns the choice `"x"`
/// into `("part", 1, "x")`. Equal addresses hash equally, so traces key on them directly.
public enum Address: Hashable, Sendable, CustomStringConvertible {
    /// A string component, e.g. `"p"`.
    case name(String)
    /// An integer component, e.g. a loop index.
    case index(Int)
    /// Two or more components, none of them a path. (Not `indirect`: the array already lives on the heap, so a
    /// box around it would cost a second allocation for every address a loop builds.)
    case path([Address])

    /// The address made of `components`, flattening nested paths.
    public init(_ components: [Address]) {
        // Already flat (the common case: strings and integers) needs no copy.
        guard components.contains(where: { if case .path = $0 { true } else { false } }) else {
            self = components.count == 1 ? components[0] : .path(components)
            return
        }
        var flat: [Address] = []
        for component in components { flat.append(contentsOf: component.components) }
        self = flat.count == 1 ? flat[0] : .path(flat)
    }

    /// The components: one for a name or index, several for a path.
    public var components: [Address] {
        if case let .path(parts) = self { return parts }
        return [self]
    }

    /// This address under `namespace`: the namespace's components first.
    public func prefixed(by namespace: Address) -> Address {
        Address(namespace.components + components)
    }

    /// Whether `prefix`'s components begin this address (an address is its own prefix).
    public func hasPrefix(_ prefix: Address) -> Bool {
        let mine = components, theirs = prefix.components
        return theirs.count <= mine.count && Array(mine.prefix(theirs.count)) == theirs
    }

    /// As the language writes it: `"p"`, `3`, `("stroke", 2, "delta", 0)`.
    public var description: String {
        switch self {
        case let .name(name): return "\"\(name)\""
        case let .index(index): return String(index)
        case let .path(parts): return "(" + parts.map(\.description).joined(separator: ", ") + ")"
        }
    }
}

extension Address: ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    /// `"p"` as an address.
    public init(stringLiteral value: String) { self = .name(value) }
    /// `3` as an address.
    public init(integerLiteral value: Int) { self = .index(value) }
}
