import Distributions
import Foundation
import Tensors

extension Builtins {
    /// Math on numbers (tracked numbers and tensors too, where a gradient exists).
    static let math: [Builtin] = [
        elementwise("exp", Foundation.exp) { $0.exp() },
        elementwise("log", Foundation.log) { $0.log() },
        elementwise("sqrt", Foundation.sqrt) { $0.sqrt() },
        elementwise("abs", Swift.abs) { $0.abs() },
        elementwise("tanh", Foundation.tanh) { $0.tanh() },
        elementwise("sigmoid", logistic) { $0.sigmoid() },
        elementwise("sin", Foundation.sin, derivative: Foundation.cos),
        elementwise("cos", Foundation.cos, derivative: { -Foundation.sin($0) }),
        elementwise("tan", Foundation.tan, derivative: { 1 / (Foundation.cos($0) * Foundation.cos($0)) }),
        elementwise("atan", Foundation.atan, derivative: { 1 / (1 + $0 * $0) }),
        elementwise("lgamma", Foundation.lgamma, derivative: Special.digamma),
        elementwise("log1p", Foundation.log1p, derivative: { 1 / (1 + $0) }),
        elementwise("expm1", Foundation.expm1, derivative: Foundation.exp),
        // log(x / (1 - x)), written with log1p so it keeps its precision near 0 and 1.
        elementwise("logit", { Foundation.log($0) - Foundation.log1p(-$0) }, derivative: { 1 / ($0 * (1 - $0)) }),
        elementwise("inv_logit", logistic) { $0.sigmoid() },
        logSumExp,
        rounding("floor", Foundation.floor),
        rounding("ceil", Foundation.ceil),
        rounding("round", Foundation.round),
        extremum("min", <),
        extremum("max", >),
        Builtin("is_nan", parameters: ["x"]) { call in .bool(try call.number(0).isNaN) },
    ]

    /// 1 / (1 + e^(-x)): `sigmoid`, also spelled `inv_logit` (Stan's name, the inverse of `logit`).
    private static let logistic: @Sendable (Double) -> Double = { 1 / (1 + Foundation.exp(-$0)) }

    /// Numeric constants, bound like builtins.
    static let constants: [String: Value] = ["pi": .number(Double.pi), "inf": .number(Double.infinity), "nan": .number(Double.nan)]

    /// A one-argument function: `plain` on numbers, `tensor` (a tape operation) on tracked numbers and tensors.
    static func elementwise(_ name: String, _ plain: @escaping @Sendable (Double) -> Double,
                            _ tensor: @escaping @Sendable (Tensor) -> Tensor) -> Builtin {
        Builtin(name, parameters: ["x"], gradient: .differentiable) { call in
            switch call.arguments[0] {
            case let .number(x): return .number(plain(x))
            case let .tracked(t): return .tracked(tensor(t))
            case let .tensor(t): return .tensor(tensor(t))
            default: throw call.mismatch(0, "a number or a tensor")
            }
        }
    }

    /// A one-argument function `plain` with derivative `derivative`, both evaluated in double precision (also
    /// element by element on tensors, whose results are rounded to single precision).
    static func elementwise(_ name: String, _ plain: @escaping @Sendable (Double) -> Double,
                            derivative: @escaping @Sendable (Double) -> Double) -> Builtin {
        elementwise(name, plain) { x in
            let input = x.detached
            return Tensor.custom(inputs: [x], output: input.map { Float(plain(Double($0))) }) { g in
                [g * input.map { Float(derivative(Double($0))) }]
            }
        }
    }

    /// `log_sum_exp(values)`: log Σ exp(vᵢ) over a list of numbers (or several numbers, or a tensor's elements),
    /// without overflow; d/dvᵢ = softmax(v)ᵢ.
    static let logSumExp = Builtin("log_sum_exp", parameters: ["values"], variadic: true, gradient: .differentiable) { call in
        var items = try call.list(0)
        if items.count == 1, case let .tensor(t) = items[0] {
            let total = t.reshaped([t.count]).logSumExp(axis: 0)
            return total.isTracked ? .tracked(total) : .number(total.scalar)
        }
        if items.count == 1, case let .list(inner) = items[0] { items = inner }
        let values = try items.map { item in
            guard let x = item.numberValue else { throw BuiltinError("expects numbers, got \(item.typeName)", argument: 0) }
            return x
        }
        let total = Special.logSumExp(values)
        let tracked = items.enumerated().compactMap { index, item in
            if case let .tracked(t) = item { return (index, t) } else { return nil }
        }
        guard !tracked.isEmpty else { return .number(total) }
        let output = Tensor.custom(inputs: tracked.map(\.1), output: Tensor(total)) { seed in
            tracked.map { index, _ in seed * Foundation.exp(values[index] - total) }
        }
        return .tracked(output)
    }

    /// A piecewise-constant function of one number (no gradient).
    static func rounding(_ name: String, _ plain: @escaping @Sendable (Double) -> Double) -> Builtin {
        Builtin(name, parameters: ["x"]) { call in .number(plain(try call.number(0))) }
    }

    /// `min`/`max` of several numbers or of one list; the chosen element is returned as it is
    /// (tracked elements keep their gradient).
    static func extremum(_ name: String, _ better: @escaping @Sendable (Double, Double) -> Bool) -> Builtin {
        Builtin(name, parameters: ["values"], variadic: true, gradient: .differentiable) { call in
            var items = try call.list(0)
            if items.count == 1, case let .list(inner) = items[0] { items = inner }
            guard var best = items.first, var bestValue = best.numberValue else {
                throw BuiltinError(items.isEmpty ? "needs at least one number" : "expects numbers, got \(items[0].typeName)", argument: 0)
            }
            for item in items.dropFirst() {
                guard let x = item.numberValue else { throw BuiltinError("expects numbers, got \(item.typeName)", argument: 0) }
                if better(x, bestValue) || x.isNaN { (best, bestValue) = (item, x) }
            }
            return best
        }
    }
}
