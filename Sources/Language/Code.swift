/// Resolved, executable code: the resolver turns the syntax tree into these nodes, with
/// every name already bound to a frame slot, a builtin or a constant. Each node class holds
/// its own semantics (`evaluate` or `execute`), so running a program is a walk over
/// objects with no look-up by name and no re-analysis.

/// An expression ready to run.
protocol ExpressionCode: AnyObject {
    /// Where errors about this expression point.
    var location: SourceSpan { get }
    /// The expression's value in `frame`.
    func evaluate(_ frame: Frame, _ run: Execution) throws -> Value
}

/// How a statement finished: normally, or by `break`, `continue` or `return` (whose value
/// waits in `Execution.returnValue`). Returned, not thrown, because unwinding is slow.
enum Flow {
    case next, breakLoop, continueLoop, returned
}

/// A statement ready to run.
protocol StatementCode: AnyObject {
    func execute(_ frame: Frame, _ run: Execution) throws -> Flow
}

/// A literal, or a name bound at resolution to a builtin.
final class ConstantCode: ExpressionCode {
    let value: Value
    let location: SourceSpan
    init(_ value: Value, at location: SourceSpan) {
        self.value = value
        self.location = location
    }
    func evaluate(_ frame: Frame, _ run: Execution) throws -> Value { value }
}

/// A variable in the current frame.
final class LocalCode: ExpressionCode {
    let slot: Int
    let location: SourceSpan
    init(slot: Int, at location: SourceSpan) {
        self.slot = slot
        self.location = location
    }
    func evaluate(_ frame: Frame, _ run: Execution) throws -> Value { frame.slots[slot] }
}

/// A variable `hops` frames out (an enclosing function, a file's top level).
final class OuterCode: ExpressionCode {
    let hops: Int
    let slot: Int
    let location: SourceSpan
    init(hops: Int, slot: Int, at location: SourceSpan) {
        self.hops = hops
        self.slot = slot
        self.location = location
    }
    func evaluate(_ frame: Frame, _ run: Execution) throws -> Value { frame.ancestor(hops).slots[slot] }
}

extension Array where Element == any ExpressionCode {
    /// Each expression's value in order, passed through `convert`, which may reject it at that expression.
    @inline(__always)
    func evaluateEach<T>(_ frame: Frame, _ run: Execution, _ convert: (Value, any ExpressionCode) throws -> T) throws -> [T] {
        var results: [T] = []
        results.reserveCapacity(count)
        for element in self { results.append(try convert(try element.evaluate(frame, run), element)) }
        return results
    }

    /// Each expression's value, in order.
    @inline(__always)
    func evaluateEach(_ frame: Frame, _ run: Execution) throws -> [Value] {
        try evaluateEach(frame, run) { value, _ in value }
    }
}

/// `(a, b, ...)`, an address, or `[a, b, ...]`, a list: the same elements, built into different values.
final class SequenceCode: ExpressionCode {
    enum Kind { case address, list }
    let kind: Kind
    let elements: [any ExpressionCode]
    let location: SourceSpan
    init(_ kind: Kind, _ elements: [any ExpressionCode], at location: SourceSpan) {
        self.kind = kind
        self.elements = elements
        self.location = location
    }
    func evaluate(_ frame: Frame, _ run: Execution) throws -> Value {
        switch kind {
        case .address:
            return Value(Address(try elements.evaluateEach(frame, run) { value, element in try Address(value: value, at: element.location) }))
        case .list:
            let list = Value.list(try elements.evaluateEach(frame, run))
            try list.checkNesting(inside: 0, at: location)
            return list
        }
    }
}

/// `{x: a, y: b}`.
final class RecordCode: ExpressionCode {
    let names: [String]
    let values: [any ExpressionCode]
    let location: SourceSpan
    init(names: [String], values: [any ExpressionCode], at location: SourceSpan) {
        self.names = names
        self.values = values
        self.location = location
    }
    func evaluate(_ frame: Frame, _ run: Execution) throws -> Value {
        let record = Value.record(Record(names: names, values: try values.evaluateEach(frame, run)))
        try record.checkNesting(inside: 0, at: location)
        return record
    }
}

/// `fn(...) ...` or the value of a `def`: a closure over the current frame.
final class LambdaCode: ExpressionCode {
    let function: FunctionCode
    var location: SourceSpan { function.location }
    init(_ function: FunctionCode) { self.function = function }
    func evaluate(_ frame: Frame, _ run: Execution) throws -> Value {
        .closure(Closure(function: function, captured: frame))
    }
}

/// `-x` or `not x`.
final class UnaryCode: ExpressionCode {
    enum Operator { case negate, not }
    let op: Operator
    let operand: any ExpressionCode
    let location: SourceSpan
    init(_ op: Operator, _ operand: any ExpressionCode, at location: SourceSpan) {
        self.op = op
        self.operand = operand
        self.location = location
    }
    func evaluate(_ frame: Frame, _ run: Execution) throws -> Value {
        let value = try operand.evaluate(frame, run)
        switch op {
        case .negate:
            if case let .number(x) = value { return .number(-x) }
            return try Operators.negate(value, at: location)
        case .not:
            return .bool(!(try Operators.condition(value, "'not'", at: operand.location)))
        }
    }
}

/// `a op b` for arithmetic and comparison; plain numbers take the fast path.
final class BinaryCode: ExpressionCode {
    let op: BinaryOperator
    let left: any ExpressionCode
    let right: any ExpressionCode
    let location: SourceSpan
    init(_ op: BinaryOperator, _ left: any ExpressionCode, _ right: any ExpressionCode, at location: SourceSpan) {
        self.op = op
        self.left = left
        self.right = right
        self.location = location
    }
    func evaluate(_ frame: Frame, _ run: Execution) throws -> Value {
        let a = try left.evaluate(frame, run)
        let b = try right.evaluate(frame, run)
        if case let .number(x) = a, case let .number(y) = b {
            switch op {
            case .add: return .number(x + y)
            case .subtract: return .number(x - y)
            case .multiply: return .number(x * y)
            case .divide: return .number(x / y)
            case .less: return .bool(x < y)
            case .lessEqual: return .bool(x <= y)
            case .greater: return .bool(x > y)
            case .greaterEqual: return .bool(x >= y)
            case .equal: return .bool(x == y)
            case .notEqual: return .bool(x != y)
            default: break
            }
        }
        if op == .add { try Self.reserveConcatenation(a, b, at: location, run) }
        return try Operators.binary(op, a, b, at: location)
    }

    /// Checks `a + b` of two lists or two strings against the memory limit before it is built, and counts its copy.
    private static func reserveConcatenation(_ a: Value, _ b: Value, at location: SourceSpan, _ run: Execution) throws {
        switch (a, b) {
        case let (.list(x), .list(y)):
            try run.reserve(x.count + y.count, "a list", at: location)
            try run.charge(x.count + y.count, at: location)
        case let (.string(x), .string(y)):
            try run.reserve(x.utf8.count + y.utf8.count, "a string", at: location)
            try run.charge(x.utf8.count + y.utf8.count, at: location)
        default: break
        }
    }
}

/// `a and b`, `a or b`: the right side runs only when needed.
final class LogicalCode: ExpressionCode {
    let isAnd: Bool
    let left: any ExpressionCode
    let right: any ExpressionCode
    let location: SourceSpan
    init(isAnd: Bool, _ left: any ExpressionCode, _ right: any ExpressionCode, at location: SourceSpan) {
        self.isAnd = isAnd
        self.left = left
        self.right = right
        self.location = location
    }
    func evaluate(_ frame: Frame, _ run: Execution) throws -> Value {
        let word = isAnd ? "'and'" : "'or'"
        let first = try Operators.condition(try left.evaluate(frame, run), word, at: left.location)
        if first != isAnd { return .bool(first) }
        return .bool(try Operators.condition(try right.evaluate(frame, run), word, at: right.location))
    }
}

/// `base[index]`.
final class IndexCode: ExpressionCode {
    let base: any ExpressionCode
    let index: any ExpressionCode
    let location: SourceSpan
    init(_ base: any ExpressionCode, _ index: any ExpressionCode, at location: SourceSpan) {
        self.base = base
        self.index = index
        self.location = location
    }
    func evaluate(_ frame: Frame, _ run: Execution) throws -> Value {
        try Operators.index(try base.evaluate(frame, run), try index.evaluate(frame, run), at: index.location)
    }
}

/// `base.name`.
final class FieldCode: ExpressionCode {
    let base: any ExpressionCode
    let name: String
    let location: SourceSpan
    init(_ base: any ExpressionCode, _ name: String, at location: SourceSpan) {
        self.base = base
        self.name = name
        self.location = location
    }
    func evaluate(_ frame: Frame, _ run: Execution) throws -> Value {
        try Operators.field(try base.evaluate(frame, run), name, at: location)
    }
}

/// `call at address`: the call runs with `address` appended to the namespace.
final class NamespacedCode: ExpressionCode {
    let call: any ExpressionCode
    let address: any ExpressionCode
    let location: SourceSpan
    init(_ call: any ExpressionCode, address: any ExpressionCode, at location: SourceSpan) {
        self.call = call
        self.address = address
        self.location = location
    }
    func evaluate(_ frame: Frame, _ run: Execution) throws -> Value {
        let local = try Address(value: try address.evaluate(frame, run), at: address.location)
        let outer = run.namespace
        run.namespace = outer.map { local.prefixed(by: $0) } ?? local
        defer { run.namespace = outer }
        return try call.evaluate(frame, run)
    }
}
