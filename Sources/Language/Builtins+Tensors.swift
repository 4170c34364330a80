import Tensors

extension Builtins {
    /// Tensors: building one from nested lists, and back.
    static let tensors: [Builtin] = [
        Builtin("tensor", parameters: ["values"]) { call in
            var shape: [Int] = []
            var scalars: [Float] = []
            try flatten(call.arguments[0], depth: 0, shape: &shape, into: &scalars)
            return .tensor(Tensor(shape: shape, scalars: scalars))
        },
        Builtin("shape", parameters: ["tensor"]) { call in
            guard case let .tensor(t) = call.arguments[0] else { throw call.mismatch(0, "a tensor") }
            return .list(t.shape.map { .number(Double($0)) })
        },
        Builtin("to_list", parameters: ["tensor"]) { call in
            guard case let .tensor(t) = call.arguments[0] else { throw call.mismatch(0, "a tensor") }
            return nested(t.scalars[...], shape: t.shape[...])
        },
    ]

    /// Appends the numbers of a (nested) list to `scalars`, checking it is rectangular.
    private static func flatten(_ value: Value, depth: Int, shape: inout [Int], into scalars: inout [Float]) throws {
        switch value {
        case let .list(items):
            if depth == shape.count {
                guard scalars.isEmpty else { throw BuiltinError("nested lists must all have the same depth", argument: 0) }
                shape.append(items.count)
            } else if depth > shape.count || shape[depth] != items.count {
                throw BuiltinError("nested lists must be rectangular (rows of equal length)", argument: 0)
            }
            for item in items { try flatten(item, depth: depth + 1, shape: &shape, into: &scalars) }
        default:
            guard let x = value.numberValue else { throw BuiltinError("expects numbers, found \(value.typeName)", argument: 0) }
            guard depth == shape.count else { throw BuiltinError("nested lists must all have the same depth", argument: 0) }
            scalars.append(Float(x))
        }
    }

    private static func nested(_ scalars: ArraySlice<Float>, shape: ArraySlice<Int>) -> Value {
        guard let first = shape.first else { return .number(Double(scalars.first ?? 0)) }
        let stride = shape.dropFirst().reduce(1, *)
        return .list((0..<first).map { i in
            let start = scalars.startIndex + i * stride
            return nested(scalars[start..<(start + stride)], shape: shape.dropFirst())
        })
    }
}
