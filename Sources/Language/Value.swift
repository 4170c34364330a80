import Tensors

/// A value of the language.
///
/// Numbers are unboxed `Double`s. In gradient mode a number that depends on the choices
/// being differentiated is `tracked`: a rank-0 tensor on the autodiff tape, which every
/// arithmetic operation and differentiable builtin accepts wherever a number is allowed.
/// Lists and records are values (copy on write): changing one changes only the variable
/// that holds it.
///
/// `@unchecked Sendable`: closures hold frames, which are mutable. Inference runs one
/// model from several threads; that is safe because a model's calls only read the frames
/// they share (its module's top-level names) and write frames of their own.
public enum Value: @unchecked Sendable {
    /// The absence of a value; what a function without `return` returns.
    case `nil`
    /// `true` or `false`.
    case bool(Bool)
    /// A number.
    case number(Double)
    /// A number recorded on the autodiff tape (a rank-0 tensor), in gradient mode.
    indirect case tracked(Tensor)
    /// Text.
    case string(String)
    /// An ordered list.
    case list([Value])
    /// Named fields, `{x: 1, y: 2}`.
    indirect case record(Record)
    /// A choice address of two or more components built by a tuple, e.g. `("stroke", i)`. A one-component
    /// address is the string or integer itself (``init(_:)``), so `("mu",) == "mu"`.
    case address(Address)
    /// A function written in `.gns` (a closure over its defining scope).
    case closure(Closure)
    /// A function written in Swift.
    case builtin(Builtin)
    /// A probability distribution.
    case distribution(DistributionValue)
    /// A tensor (from a builtin such as a neural network or `tensor(...)`).
    indirect case tensor(Tensor)
    /// A Swift value that builtins hand to `.gns` code and take back (a network's recurrent state):
    /// programs pass it around but cannot look inside.
    case opaque(Opaque)

    /// The kind of value with its article, for messages: "a number", "a list".
    public var typeName: String {
        switch self {
        case .nil: return "nil"
        case .bool: return "a boolean"
        case .number, .tracked: return "a number"
        case .string: return "a string"
        case .list: return "a list"
        case .record: return "a record"
        case .address: return "an address"
        case .closure, .builtin: return "a function"
        case .distribution: return "a distribution"
        case .tensor: return "a tensor"
        case let .opaque(o): return o.typeName
        }
    }

    /// The number, plain or tracked (its current value), or nil for anything else.
    public var numberValue: Double? {
        switch self {
        case let .number(x): return x
        case let .tracked(t): return t.scalar
        default: return nil
        }
    }

    /// The value without tape tracking: tracked numbers become plain numbers, inside lists and records too.
    public var detached: Value {
        switch self {
        case let .tracked(t): return .number(t.scalar)
        case let .tensor(t): return t.isTracked ? .tensor(t.detached) : self
        // Untracked containers are returned as they are, not copied: builtins detach every argument.
        case let .list(items): return isTracked ? .list(items.map(\.detached)) : self
        case let .record(record): return isTracked ? .record(Record(names: record.names, values: record.values.map(\.detached))) : self
        default: return self
        }
    }
}

/// The box of an `.opaque` value: a payload only the builtins that made it know how to read.
public final class Opaque: Sendable {
    /// The Swift value; builtins cast it back with `as?`.
    public let payload: any Sendable
    /// What it is, with its article, for messages: "a stroke state".
    public let typeName: String

    /// Boxes `payload`, described as `typeName` ("a stroke state") in messages.
    public init(_ payload: any Sendable, typeName: String) {
        self.payload = payload
        self.typeName = typeName
    }
}

/// A record's fields, in the order they were written.
public struct Record: Sendable {
    /// Field names, distinct.
    public let names: [String]
    /// Field values, parallel to `names`.
    public var values: [Value]

    /// A record with these fields (names must be distinct).
    public init(names: [String], values: [Value]) {
        self.names = names
        self.values = values
    }

    /// The value of field `name`, if present.
    public subscript(name: String) -> Value? {
        names.firstIndex(of: name).map { values[$0] }
    }
}

extension Value: CustomStringConvertible {
    /// How `print` shows the value: integers without a decimal point, strings bare at
    /// the top level and quoted inside lists and records.
    public var description: String { render(quoted: false) }

    func render(quoted: Bool) -> String {
        switch self {
        case .nil: return "nil"
        case let .bool(b): return String(b)
        case let .number(x): return Self.format(x)
        case let .tracked(t): return Self.format(t.scalar)
        case let .string(s): return quoted ? "\"\(s)\"" : s
        case let .list(items): return "[" + items.map { $0.render(quoted: true) }.joined(separator: ", ") + "]"
        case let .record(r):
            return "{" + zip(r.names, r.values).map { "\($0): \($1.render(quoted: true))" }.joined(separator: ", ") + "}"
        case let .address(a): return a.components.count == 1 ? Value(a).render(quoted: quoted) : a.description
        case let .closure(c): return "<function \(c.function.name)>"
        case let .builtin(b): return "<builtin \(b.name)>"
        case let .distribution(d): return d.description
        case let .tensor(t): return t.description
        case let .opaque(o): return (o.payload as? any ScriptReadable)?.scriptDescription ?? "<\(o.typeName)>"
        }
    }

    /// The value as it prints inside a list: strings quoted.
    public var quotedDescription: String { render(quoted: true) }

    /// A number as people write it: `3`, `-0.25`, `1e-08`, `inf`, `nan`.
    static func format(_ x: Double) -> String {
        if x == x.rounded(), abs(x) < 1e15 { return String(Int(x)) }
        return String(x)
    }
}

extension Value {
    /// The value that names `address` as a program writes it: a string for `"mu"`, a number for `3`, an address
    /// value for a path. Addresses read back from a trace are made this way, so they equal the values that made them.
    public init(_ address: Address) {
        switch address {
        case let .name(name): self = .string(name)
        case let .index(index): self = .number(Double(index))
        case .path: self = .address(address)
        }
    }
}

extension Address {
    /// The address `value` names exactly (a string, an integer or an address value), or nil for anything else.
    public init?(exactly value: Value) {
        switch value {
        case let .string(name): self = .name(name)
        case let .address(address): self = address
        default:
            guard let x = value.numberValue, let index = Int(exactly: x) else { return nil }
            self = .index(index)
        }
    }
}

extension Value {
    /// Structural equality as `==` computes it: numbers by value (tracked or not), lists
    /// and records element by element, functions by identity; values of different kinds differ.
    public func isEqual(to other: Value) -> Bool {
        switch (self, other) {
        case (.nil, .nil): return true
        case let (.bool(a), .bool(b)): return a == b
        case let (.string(a), .string(b)): return a == b
        case let (.list(a), .list(b)): return a.count == b.count && zip(a, b).allSatisfy { $0.isEqual(to: $1) }
        case let (.record(a), .record(b)):
            return a.names == b.names && zip(a.values, b.values).allSatisfy { $0.isEqual(to: $1) }
        case let (.address(a), _): return Address(exactly: other) == a
        case let (_, .address(b)): return Address(exactly: self) == b
        case let (.closure(a), .closure(b)): return a === b
        case let (.builtin(a), .builtin(b)): return a === b
        case let (.opaque(a), .opaque(b)): return a === b
        case let (.tensor(a), .tensor(b)): return a.shape == b.shape && a.scalars == b.scalars
        default:
            if let a = numberValue, let b = other.numberValue { return a == b }
            return false
        }
    }
}
