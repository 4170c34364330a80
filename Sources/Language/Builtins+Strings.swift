extension Builtins {
    /// Text: printing and conversion.
    static let strings: [Builtin] = [
        Builtin("print", parameters: ["values"], variadic: true) { call in
            call.output(try call.list(0).map(\.description).joined(separator: " "))
            return .nil
        },
        Builtin("str", parameters: ["value"]) { call in .string(call.arguments[0].description) },
        Builtin("join", parameters: ["strings", Builtin.Parameter("separator", default: .string(""))]) { call in
            .string(try call.list(0).map(\.description).joined(separator: try call.string(1)))
        },
    ]
}
