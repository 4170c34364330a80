/// Runs statements in order until one ends the block early.
@inline(__always)
func executeAll(_ statements: [any StatementCode], _ frame: Frame, _ run: Execution) throws -> Flow {
    for statement in statements {
        let flow = try statement.execute(frame, run)
        if case .next = flow { continue }
        return flow
    }
    return .next
}

/// An expression evaluated for its effect.
final class ExpressionStatementCode: StatementCode {
    let expression: any ExpressionCode
    init(_ expression: any ExpressionCode) { self.expression = expression }
    func execute(_ frame: Frame, _ run: Execution) throws -> Flow {
        try run.step(at: expression.location)
        _ = try expression.evaluate(frame, run)
        return .next
    }
}

/// `let name = value`, `def name(...)` and imports' bindings: stores into a slot of the current frame.
final class DefineCode: StatementCode {
    let slot: Int
    let value: any ExpressionCode
    init(slot: Int, value: any ExpressionCode) {
        self.slot = slot
        self.value = value
    }
    func execute(_ frame: Frame, _ run: Execution) throws -> Flow {
        try run.step(at: value.location)
        frame.slots[slot] = try value.evaluate(frame, run)
        return .next
    }
}

/// One step of an assignment target after the variable: `[index]` or `.field`.
enum Accessor {
    case index(any ExpressionCode)
    case field(String, SourceSpan)
}

/// `name = value`, `name[i].field = value`: lists and records are values, so the variable
/// gets a changed copy (changed in place when nothing else holds it).
final class AssignCode: StatementCode {
    let hops: Int
    let slot: Int
    let path: [Accessor]
    let value: any ExpressionCode
    init(hops: Int, slot: Int, path: [Accessor], value: any ExpressionCode) {
        self.hops = hops
        self.slot = slot
        self.path = path
        self.value = value
    }

    func execute(_ frame: Frame, _ run: Execution) throws -> Flow {
        try run.step(at: value.location)
        let newValue = try value.evaluate(frame, run)
        let target = frame.ancestor(hops)
        if path.isEmpty {
            target.slots[slot] = newValue
            return .next
        }
        // The value lands one level deeper per accessor.
        try newValue.checkNesting(inside: path.count, at: value.location)
        var keys: [Value] = []
        for accessor in path {
            if case let .index(code) = accessor { keys.append(try code.evaluate(frame, run)) }
        }
        var old = target.slots[slot]
        // Leave nil behind while updating so the list or record is uniquely held and changes in place.
        target.slots[slot] = .nil
        defer { target.slots[slot] = old }
        var keyIterator = keys.makeIterator()
        try Self.update(&old, path[...], &keyIterator, newValue)
        return .next
    }

    static func update(_ container: inout Value, _ path: ArraySlice<Accessor>, _ keys: inout IndexingIterator<[Value]>, _ newValue: Value) throws {
        guard let accessor = path.first else {
            container = newValue
            return
        }
        switch accessor {
        case let .index(code):
            let key = keys.next() ?? .nil
            if case .record = container, case let .string(name) = key {
                return try updateField(&container, name, at: code.location, path, &keys, newValue)
            }
            guard case var .list(items) = container else {
                throw RuntimeError("cannot assign into \(container.typeName) by index; only list elements (and record fields, "
                                   + "by name) can be assigned", at: code.location)
            }
            let position = try Operators.listPosition(key, count: items.count, at: code.location)
            container = .nil
            defer { container = .list(items) }
            try update(&items[position], path.dropFirst(), &keys, newValue)
        case let .field(name, location):
            try updateField(&container, name, at: location, path, &keys, newValue)
        }
    }

    /// Assigns through the field `name` of the record `container` (written `.name` or `["name"]`).
    private static func updateField(_ container: inout Value, _ name: String, at location: SourceSpan, _ path: ArraySlice<Accessor>,
                                    _ keys: inout IndexingIterator<[Value]>, _ newValue: Value) throws {
        guard case var .record(record) = container else {
            throw RuntimeError("cannot assign field '\(name)' of \(container.typeName); only record fields can be assigned", at: location)
        }
        guard let position = record.names.firstIndex(of: name) else {
            throw RuntimeError("the record has no field '\(name)' (fields: \(record.names.joined(separator: ", ")))", at: location)
        }
        container = .nil
        defer { container = .record(record) }
        try update(&record.values[position], path.dropFirst(), &keys, newValue)
    }
}

/// `if condition { ... } else ...`.
final class IfCode: StatementCode {
    let condition: any ExpressionCode
    let then: [any StatementCode]
    let orElse: [any StatementCode]
    init(condition: any ExpressionCode, then: [any StatementCode], orElse: [any StatementCode]) {
        self.condition = condition
        self.then = then
        self.orElse = orElse
    }
    func execute(_ frame: Frame, _ run: Execution) throws -> Flow {
        try run.step(at: condition.location)
        let value = try condition.evaluate(frame, run)
        let holds: Bool
        if case let .bool(b) = value { holds = b } else { holds = try Operators.condition(value, "'if'", at: condition.location) }
        return try executeAll(holds ? then : orElse, frame, run)
    }
}

/// Where a loop keeps its variable and body locals. A loop whose body makes closures gets a
/// fresh frame per iteration (so each closure sees its own iteration's variables); other
/// loops reuse slots of the enclosing frame.
struct LoopStorage {
    /// Slot of the loop variable: in the per-iteration frame, or in the enclosing one.
    let variableSlot: Int
    /// Size of the per-iteration frame, or nil when the body shares the enclosing frame.
    let iterationFrameSize: Int?

    @inline(__always)
    func frame(for iteration: Value, in frame: Frame) -> Frame {
        guard let size = iterationFrameSize else {
            frame.slots[variableSlot] = iteration
            return frame
        }
        let inner = Frame(size: size, parent: frame)
        inner.slots[variableSlot] = iteration
        return inner
    }
}

/// `for i in start..end { ... }`.
final class ForRangeCode: StatementCode {
    let storage: LoopStorage
    let start: any ExpressionCode
    let end: any ExpressionCode
    let body: [any StatementCode]
    let location: SourceSpan
    init(storage: LoopStorage, start: any ExpressionCode, end: any ExpressionCode, body: [any StatementCode], at location: SourceSpan) {
        self.storage = storage
        self.start = start
        self.end = end
        self.body = body
        self.location = location
    }
    func execute(_ frame: Frame, _ run: Execution) throws -> Flow {
        let first = try Operators.integer(try start.evaluate(frame, run), "a range bound", at: start.location)
        let last = try Operators.integer(try end.evaluate(frame, run), "a range bound", at: end.location)
        var i = first
        while i < last {
            try run.step(at: location)
            switch try executeAll(body, storage.frame(for: .number(Double(i)), in: frame), run) {
            case .breakLoop: return .next
            case .returned: return .returned
            case .next, .continueLoop: break
            }
            i += 1
        }
        return .next
    }
}

/// `for x in list { ... }`.
final class ForEachCode: StatementCode {
    let storage: LoopStorage
    let sequence: any ExpressionCode
    let body: [any StatementCode]
    let location: SourceSpan
    init(storage: LoopStorage, sequence: any ExpressionCode, body: [any StatementCode], at location: SourceSpan) {
        self.storage = storage
        self.sequence = sequence
        self.body = body
        self.location = location
    }
    func execute(_ frame: Frame, _ run: Execution) throws -> Flow {
        let value = try sequence.evaluate(frame, run)
        guard case let .list(items) = value else {
            throw RuntimeError("'for' needs a list or a range 'a..b', got \(value.typeName)", at: sequence.location)
        }
        for item in items {
            try run.step(at: location)
            switch try executeAll(body, storage.frame(for: item, in: frame), run) {
            case .breakLoop: return .next
            case .returned: return .returned
            case .next, .continueLoop: break
            }
        }
        return .next
    }
}

/// `while condition { ... }`.
final class WhileCode: StatementCode {
    let condition: any ExpressionCode
    let body: [any StatementCode]
    let iterationFrameSize: Int?
    init(condition: any ExpressionCode, body: [any StatementCode], iterationFrameSize: Int?) {
        self.condition = condition
        self.body = body
        self.iterationFrameSize = iterationFrameSize
    }
    func execute(_ frame: Frame, _ run: Execution) throws -> Flow {
        while true {
            try run.step(at: condition.location)
            guard try Operators.condition(try condition.evaluate(frame, run), "'while'", at: condition.location) else { return .next }
            let bodyFrame = iterationFrameSize.map { Frame(size: $0, parent: frame) } ?? frame
            switch try executeAll(body, bodyFrame, run) {
            case .breakLoop: return .next
            case .returned: return .returned
            case .next, .continueLoop: break
            }
        }
    }
}

/// `break`, `continue`.
final class JumpCode: StatementCode {
    let flow: Flow
    init(_ flow: Flow) { self.flow = flow }
    func execute(_ frame: Frame, _ run: Execution) throws -> Flow { flow }
}

/// `return value`.
final class ReturnCode: StatementCode {
    let value: (any ExpressionCode)?
    init(_ value: (any ExpressionCode)?) { self.value = value }
    func execute(_ frame: Frame, _ run: Execution) throws -> Flow {
        run.returnValue = try value?.evaluate(frame, run) ?? .nil
        return .returned
    }
}

/// `import "file.gns"`: runs the file once per interpreter, then copies its top-level names
/// into this file's slots.
final class ImportCode: StatementCode {
    let module: Module
    /// (slot in the imported file's frame, slot in this frame).
    let bindings: [(from: Int, to: Int)]
    let location: SourceSpan
    init(module: Module, bindings: [(from: Int, to: Int)], at location: SourceSpan) {
        self.module = module
        self.bindings = bindings
        self.location = location
    }
    func execute(_ frame: Frame, _ run: Execution) throws -> Flow {
        try run.step(at: location)
        let imported = try run.interpreter.instantiate(module, run)
        for (from, to) in bindings { frame.slots[to] = imported.slots[from] }
        return .next
    }
}
