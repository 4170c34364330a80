import Foundation
import Tensors
import Spelling

/// The semantics of the operators beyond the plain-number fast paths in the code nodes:
/// tracked numbers and tensors (recorded on the tape), strings, lists, and the errors.
enum Operators {
    static func negate(_ value: Value, at location: SourceSpan) throws -> Value {
        switch value {
        case let .number(x): return .number(-x)
        case let .tracked(t): return .tracked(-t)
        case let .tensor(t): return .tensor(-t)
        default: throw RuntimeError("cannot negate \(value.typeName)", at: location)
        }
    }

    /// `value` as a condition: only booleans are true or false.
    static func condition(_ value: Value, _ context: String, at location: SourceSpan) throws -> Bool {
        guard case let .bool(b) = value else {
            throw RuntimeError("\(context) needs a boolean (true or false), got \(value.typeName)", at: location)
        }
        return b
    }

    /// `value` as an integer, for range bounds and indices.
    static func integer(_ value: Value, _ role: String, at location: SourceSpan) throws -> Int {
        guard let x = value.numberValue else { throw RuntimeError("\(role) must be a number, got \(value.typeName)", at: location) }
        guard let n = Int(exactly: x) else { throw RuntimeError("\(role) must be an integer, got \(Value.format(x))", at: location) }
        return n
    }

    static func binary(_ op: BinaryOperator, _ a: Value, _ b: Value, at location: SourceSpan) throws -> Value {
        switch op {
        case .equal: return .bool(a.isEqual(to: b))
        case .notEqual: return .bool(!a.isEqual(to: b))
        case .less, .lessEqual, .greater, .greaterEqual: return .bool(try compare(op, a, b, at: location))
        case .and, .or: return .bool(try condition(a, "'\(op.rawValue)'", at: location) && condition(b, "'\(op.rawValue)'", at: location))
        case .add, .subtract, .multiply, .divide, .remainder, .power: return try arithmetic(op, a, b, at: location)
        }
    }

    private static let verbs: [BinaryOperator: String] = [
        .add: "add", .subtract: "subtract", .multiply: "multiply", .divide: "divide", .remainder: "take the remainder of",
        .power: "raise",
    ]

    private static func arithmetic(_ op: BinaryOperator, _ a: Value, _ b: Value, at location: SourceSpan) throws -> Value {
        switch (a, b) {
        case let (.number(x), .number(y)): return .number(plain(op, x, y))
        case let (.string(x), .string(y)) where op == .add: return .string(x + y)
        case let (.list(x), .list(y)) where op == .add: return .list(x + y)
        default: break
        }
        guard let x = tensor(a), let y = tensor(b) else {
            let verb = verbs[op] ?? op.rawValue
            let phrase = op == .power ? "cannot raise \(a.typeName) to the power of \(b.typeName)" : "cannot \(verb) \(a.typeName) and \(b.typeName)"
            throw RuntimeError(phrase, at: location)
        }
        guard Tensor.broadcastShape(x.shape, y.shape) != nil else {
            throw RuntimeError("cannot \(verbs[op] ?? op.rawValue) tensors of shapes \(x.shape) and \(y.shape)", at: location)
        }
        let result: Tensor
        switch op {
        case .add: result = x + y
        case .subtract: result = x - y
        case .multiply: result = x * y
        case .divide: result = x / y
        case .remainder:
            // x - y * floor(x / y); the floor is piecewise constant, so it carries no gradient.
            let quotient = (x.detached / y.detached).scalars.map { Foundation.floor($0) }
            result = x - y * Tensor(shape: Tensor.broadcastShape(x.shape, y.shape) ?? [], scalars: quotient)
        case .power:
            if !y.isTracked && y.rank == 0 {
                result = x.pow(y.scalar)
            } else {
                // x ** y = exp(y log x), defined for positive x.
                result = (y * x.log()).exp()
            }
        default: preconditionFailure("not arithmetic: \(op)")
        }
        if case .tensor = a { return .tensor(result) }
        if case .tensor = b { return .tensor(result) }
        return result.isTracked ? .tracked(result) : .number(result.scalar)
    }

    /// `x op y` on plain numbers; `%` is floored (the result has the divisor's sign), as in Python.
    static func plain(_ op: BinaryOperator, _ x: Double, _ y: Double) -> Double {
        switch op {
        case .add: return x + y
        case .subtract: return x - y
        case .multiply: return x * y
        case .divide: return x / y
        case .remainder: return x - y * Foundation.floor(x / y)
        case .power: return Foundation.pow(x, y)
        default: preconditionFailure("not arithmetic: \(op)")
        }
    }

    /// A number or tensor operand as a tensor, or nil for other kinds.
    private static func tensor(_ value: Value) -> Tensor? {
        switch value {
        case let .number(x): return Tensor(x)
        case let .tracked(t), let .tensor(t): return t
        default: return nil
        }
    }

    private static func compare(_ op: BinaryOperator, _ a: Value, _ b: Value, at location: SourceSpan) throws -> Bool {
        if let x = a.numberValue, let y = b.numberValue {
            switch op {
            case .less: return x < y
            case .lessEqual: return x <= y
            case .greater: return x > y
            default: return x >= y
            }
        }
        if case let .string(x) = a, case let .string(y) = b {
            switch op {
            case .less: return x < y
            case .lessEqual: return x <= y
            case .greater: return x > y
            default: return x >= y
            }
        }
        throw RuntimeError("cannot compare \(a.typeName) and \(b.typeName) with '\(op.rawValue)'", at: location)
    }

    /// The array position for list index `key` (negative counts from the end).
    static func listPosition(_ key: Value, count: Int, at location: SourceSpan) throws -> Int {
        let index = try integer(key, "a list index", at: location)
        let position = index < 0 ? count + index : index
        guard position >= 0 && position < count else {
            throw RuntimeError("index \(index) is out of range for a list of \(Signature.count(count, "element"))", at: location)
        }
        return position
    }

    /// `base[key]`.
    static func index(_ base: Value, _ key: Value, at location: SourceSpan) throws -> Value {
        switch base {
        case let .list(items):
            return items[try listPosition(key, count: items.count, at: location)]
        case let .string(text):
            let characters = Array(text)
            return .string(String(characters[try listPosition(key, count: characters.count, at: location)]))
        case let .tensor(t):
            guard t.rank > 0 else { throw RuntimeError("cannot index a scalar tensor", at: location) }
            let position = try listPosition(key, count: t.shape[0], at: location)
            let row = t.sliced(axis: 0, position..<(position + 1)).reshaped(Array(t.shape.dropFirst()))
            if row.rank == 0 { return row.isTracked ? .tracked(row) : .number(row.scalar) }
            return .tensor(row)
        case let .address(address):
            let parts = address.components
            return Value(parts[try listPosition(key, count: parts.count, at: location)])
        case .record:
            // `r["name"]` is `r.name`, for fields whose names are keywords (`return`) or computed.
            guard case let .string(name) = key else {
                throw RuntimeError("a record is indexed by a field name (a string), got \(key.typeName)", at: location)
            }
            return try field(base, name, at: location)
        case let .opaque(box) where box.payload is any ScriptReadable:
            return try (box.payload as! any ScriptReadable).element(at: key, location: location)
        default:
            throw RuntimeError("cannot index \(base.typeName); only lists, strings, tensors, addresses, records, traces and choice maps can be indexed",
                               at: location)
        }
    }

    /// `base.name`.
    static func field(_ base: Value, _ name: String, at location: SourceSpan) throws -> Value {
        guard case let .record(record) = base else {
            throw RuntimeError("cannot read field '\(name)' of \(base.typeName); only records have fields", at: location)
        }
        guard let value = record[name] else {
            let suggestion = nearest(name, in: record.names).map { "; did you mean '\($0)'?" } ?? ""
            throw RuntimeError("the record has no field '\(name)'\(suggestion) (fields: \(record.names.joined(separator: ", ")))", at: location)
        }
        return value
    }
}
