import Tensors

extension Builtins {
    /// Lists: size, building, mapping and reducing.
    static let lists: [Builtin] = [
        Builtin("len", parameters: ["collection"]) { call in
            switch call.arguments[0] {
            case let .list(items): return .number(Double(items.count))
            case let .string(text): return .number(Double(text.count))
            case let .tensor(t) where t.rank > 0: return .number(Double(t.shape[0]))
            case let .address(address): return .number(Double(address.components.count))
            default: throw call.mismatch(0, "a list, a string, a tensor or an address")
            }
        },
        append,
        Builtin("range", parameters: ["start", Builtin.Parameter("end", default: .nil)]) { call in
            let (start, end) = call.arguments[1].isNil ? (0, try call.integer(0)) : (try call.integer(0), try call.integer(1))
            guard start < end else { return .list([]) }
            let (count, overflow) = end.subtractingReportingOverflow(start)
            try call.reserve(overflow ? .max : count, "a range")
            try call.charge(count)
            return .list((start..<end).map { .number(Double($0)) })
        },
        Builtin("zeros", parameters: ["count"]) { call in
            let count = try call.integer(0)
            guard count >= 0 else { throw BuiltinError("count must not be negative, got \(count)", argument: 0) }
            try call.reserve(count, "a list")
            try call.charge(count)
            return .list([Value](repeating: .number(0), count: count))
        },
        Builtin("map", parameters: ["function", "list"], gradient: .differentiable) { call in
            let items = try call.list(1)
            try call.charge(items.count)
            return .list(try items.map { try call.call(call.arguments[0], [$0]) })
        },
        Builtin("filter", parameters: ["function", "list"], gradient: .differentiable) { call in
            let items = try call.list(1)
            try call.charge(items.count)
            return .list(try items.filter { item in
                let keep = try call.call(call.arguments[0], [item])
                guard case let .bool(b) = keep else { throw BuiltinError("the function must return a boolean, got \(keep.typeName)", argument: 0) }
                return b
            })
        },
        Builtin("sum", parameters: ["values"], gradient: .differentiable) { call in
            try call.charge(try call.list(0).count)
            return try total(call)
        },
        Builtin("mean", parameters: ["values"], gradient: .differentiable) { call in
            let count = try call.list(0).count
            guard count > 0 else { throw BuiltinError("the mean of an empty list is undefined", argument: 0) }
            return try Operators.binary(.divide, try total(call), .number(Double(count)), at: call.site)
        },
    ]

    /// `append(list, value)`: a new list with `value` at the end. Copying costs a step per element; the statement
    /// `xs = append(xs, x)` appends in place instead when nothing else holds the list (`AppendInPlaceCode`).
    static let append = Builtin("append", parameters: ["list", "value"], gradient: .differentiable) { call in
        let items = try call.list(0)
        try call.reserve(items.count + 1, "a list")
        try call.charge(items.count)
        return .list(items + [call.arguments[1]])
    }

    /// The sum of a list of numbers, accumulated in double precision even when some are tracked: the tracked
    /// ones become one tape node (each with derivative 1) whose value is the double-precision total, rounded once,
    /// so a log-density summed over a thousand points does not lose digits to single precision at every step.
    private static func total(_ call: BuiltinCall) throws -> Value {
        var sum = 0.0
        var tracked: [Tensor] = []
        for item in try call.list(0) {
            switch item {
            case let .number(x): sum += x
            case let .tracked(t):
                sum += t.scalar
                tracked.append(t)
            default: throw BuiltinError("expects a list of numbers, found \(item.typeName)", argument: 0)
            }
        }
        guard !tracked.isEmpty else { return .number(sum) }
        return .tracked(Tensor.custom(inputs: tracked, output: Tensor(sum)) { seed in tracked.map { _ in seed } })
    }
}

extension Value {
    /// Whether this is `nil`.
    public var isNil: Bool {
        if case .nil = self { return true }
        return false
    }
}
