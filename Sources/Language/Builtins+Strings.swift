extension Builtins {
    /// Text: printing and conversion.
    static let strings: [Builtin] = [
        Builtin("print", parameters: ["values"], variadic: true) { call in
            call.output(try call.list(0).map(\.description).joined(separator: " "))
            return .nil
        },
        Builtin("str", parameters: ["value"]) { call in try text(call.arguments[0].description, call) },
        Builtin("join", parameters: ["strings", Builtin.Parameter("separator", default: .string(""))]) { call in
            try text(try call.list(0).map(\.description).joined(separator: try call.string(1)), call)
        },
    ]

    /// A built string as a value, counted against the step and memory limits by its UTF-8 bytes.
    private static func text(_ string: String, _ call: BuiltinCall) throws -> Value {
        try call.reserve(string.utf8.count, "a string")
        try call.charge(string.utf8.count)
        return .string(string)
    }
}
