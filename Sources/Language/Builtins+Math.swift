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
        elementwise("sigmoid", { 1 / (1 + Foundation.exp(-$0)) }) { $0.sigmoid() },
        elementwise("sin", Foundation.sin) { x in
            Tensor.custom(inputs: [x], output: x.detached.map { Foundation.sin($0) }) { g in [g * x.detached.map { Foundation.cos($0) }] }
        },
        elementwise("cos", Foundation.cos) { x in
            Tensor.custom(inputs: [x], output: x.detached.map { Foundation.cos($0) }) { g in [g * x.detached.map { -Foundation.sin($0) }] }
        },
        rounding("floor", Foundation.floor),
        rounding("ceil", Foundation.ceil),
        rounding("round", Foundation.round),
        extremum("min", <),
        extremum("max", >),
        Builtin("is_nan", parameters: ["x"]) { call in .bool(try call.number(0).isNaN) },
    ]

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
