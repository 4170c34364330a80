import Foundation

/// Elementwise arithmetic with broadcasting. Each operator computes its value, then (only when an
/// input is tracked) records how the output gradient flows back, reduced to each input's shape.
extension Tensor {
    /// Elementwise sum.
    public static func + (a: Tensor, b: Tensor) -> Tensor {
        let value = zipValues(a, b, +)
        guard let tape = Tape.recording(a, b) else { return value }
        return tape.record(value, inputs: [a, b]) { grad in
            [grad.summed(to: a.shape), grad.summed(to: b.shape)]
        }
    }

    /// Elementwise difference.
    public static func - (a: Tensor, b: Tensor) -> Tensor {
        let value = zipValues(a, b, -)
        guard let tape = Tape.recording(a, b) else { return value }
        return tape.record(value, inputs: [a, b]) { grad in
            [grad.summed(to: a.shape), (-grad).summed(to: b.shape)]
        }
    }

    /// Elementwise product.
    public static func * (a: Tensor, b: Tensor) -> Tensor {
        let value = zipValues(a, b, *)
        guard let tape = Tape.recording(a, b) else { return value }
        return tape.record(value, inputs: [a, b]) { grad in
            [(grad * b).summed(to: a.shape), (grad * a).summed(to: b.shape)]
        }
    }

    /// Elementwise quotient.
    public static func / (a: Tensor, b: Tensor) -> Tensor {
        let value = zipValues(a, b, /)
        guard let tape = Tape.recording(a, b) else { return value }
        return tape.record(value, inputs: [a, b]) { grad in
            let gradA = grad / b
            return [gradA.summed(to: a.shape), (-gradA * value).summed(to: b.shape)]
        }
    }

    /// Elementwise negation.
    public static prefix func - (x: Tensor) -> Tensor {
        let value = x.map { -$0 }
        guard let tape = Tape.recording(x) else { return value }
        return tape.record(value, inputs: [x]) { grad in [-grad] }
    }

    /// Elementwise power by a constant exponent, `x^exponent` (d/dx = exponent * x^(exponent-1)).
    public func pow(_ exponent: Double) -> Tensor {
        let p = Float(exponent)
        let value = map { Foundation.pow($0, p) }
        guard let tape = Tape.recording(self) else { return value }
        return tape.record(value, inputs: [self]) { grad in
            [grad * self.map { p * Foundation.pow($0, p - 1) }]
        }
    }

    /// Elementwise square, `x * x`.
    public func squared() -> Tensor { self * self }

    /// Elementwise square root (d/dx = 1 / (2 sqrt x)).
    public func sqrt() -> Tensor {
        let value = map { $0.squareRoot() }
        guard let tape = Tape.recording(self) else { return value }
        return tape.record(value, inputs: [self]) { grad in [grad / (2 * value)] }
    }

    // Mixed tensor/number forms: the number is a constant rank-0 tensor, broadcast as usual.

    /// Adds a constant.
    public static func + (a: Tensor, b: Double) -> Tensor { a + Tensor(b) }
    /// Adds to a constant.
    public static func + (a: Double, b: Tensor) -> Tensor { Tensor(a) + b }
    /// Subtracts a constant.
    public static func - (a: Tensor, b: Double) -> Tensor { a - Tensor(b) }
    /// Subtracts from a constant.
    public static func - (a: Double, b: Tensor) -> Tensor { Tensor(a) - b }
    /// Multiplies by a constant.
    public static func * (a: Tensor, b: Double) -> Tensor { a * Tensor(b) }
    /// Multiplies a constant.
    public static func * (a: Double, b: Tensor) -> Tensor { Tensor(a) * b }
    /// Divides by a constant.
    public static func / (a: Tensor, b: Double) -> Tensor { a / Tensor(b) }
    /// Divides a constant.
    public static func / (a: Double, b: Tensor) -> Tensor { Tensor(a) / b }

    /// In-place sum (rebinds `a` to `a + b`, recorded like `+`).
    public static func += (a: inout Tensor, b: Tensor) { a = a + b }
    /// In-place difference (rebinds `a` to `a - b`, recorded like `-`).
    public static func -= (a: inout Tensor, b: Tensor) { a = a - b }
    /// In-place product (rebinds `a` to `a * b`, recorded like `*`).
    public static func *= (a: inout Tensor, b: Tensor) { a = a * b }
    /// In-place quotient (rebinds `a` to `a / b`, recorded like `/`).
    public static func /= (a: inout Tensor, b: Tensor) { a = a / b }
}
