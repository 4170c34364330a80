/// The standard library's builtins, grouped by concern (one file each), all registered
/// through the same public API as any other module's builtins.
enum Builtins {
    /// `sample`, `observe`, `factor`: the random choices, each handed to the run's execution mode.
    static let primitives: [Builtin] = [
        Builtin("sample", parameters: ["address", "distribution"], gradient: .differentiable) { call in
            let distribution = try call.distribution(1)
            let address = try call.execution.claim(call.arguments[0], at: call.site)
            return try call.execution.mode.sample(address, from: distribution, at: call.site, using: &call.execution.generator)
        },
        Builtin("observe", parameters: ["address", "distribution", "value"], gradient: .differentiable) { call in
            let distribution = try call.distribution(1)
            let address = try call.execution.claim(call.arguments[0], at: call.site)
            try call.execution.mode.observe(address, from: distribution, value: call.arguments[2], at: call.site)
            return call.arguments[2]
        },
        Builtin("factor", parameters: ["log_weight"], gradient: .differentiable) { call in
            guard call.arguments[0].numberValue != nil else { throw call.mismatch(0, "a number") }
            try call.execution.mode.factor(call.arguments[0], at: call.site)
            return .nil
        },
    ]
}
