import Foundation

/// Elementwise arithmetic with broadcasting. Each operator computes its value, then (only when an
/// input is tracked) records how the output gradient flows back, reduced to each input's shape.
extension Tensor {
    /// Elementwise sum.
    public static func + (a: Tensor, b: Tensor) -> Tensor {
        if a.shape.isEmpty && b.shape.isEmpty {
            let (x, y) = (a.scalars[0], b.scalars[0])
            return scalarResult(x + y, a, 1, b, 1)
        }
        let value = zipValues(a, b, +)
        guard let tape = Tape.recording(a, b) else { return value }
        return tape.record(value, inputs: [a, b]) { grad in
            [grad.summed(to: a.shape), grad.summed(to: b.shape)]
        }
    }

    /// Elementwise difference.
    public static func - (a: Tensor, b: Tensor) -> Tensor {
        if a.shape.isEmpty && b.shape.isEmpty {
            let (x, y) = (a.scalars[0], b.scalars[0])
            return scalarResult(x - y, a, 1, b, -1)
        }
        let value = zipValues(a, b, -)
        guard let tape = Tape.recording(a, b) else { return value }
        return tape.record(value, inputs: [a, b]) { grad in
            [grad.summed(to: a.shape), (-grad).summed(to: b.shape)]
        }
    }

    /// Elementwise product.
    public static func * (a: Tensor, b: Tensor) -> Tensor {
        if a.shape.isEmpty && b.shape.isEmpty {
            let (x, y) = (a.scalars[0], b.scalars[0])
            return scalarResult(x * y, a, y, b, x)
        }
        let value = zipValues(a, b, *)
        guard let tape = Tape.recording(a, b) else { return value }
        return tape.record(value, inputs: [a, b]) { grad in
            [(grad * b).summed(to: a.shape), (grad * a).summed(to: b.shape)]
        }
    }

    /// Elementwise quotient.
    public static func / (a: Tensor, b: Tensor) -> Tensor {
        if a.shape.isEmpty && b.shape.isEmpty {
            let (x, y) = (a.scalars[0], b.scalars[0])
            return scalarResult(x / y, a, 1 / y, b, -x / (y * y))
        }
        let value = zipValues(a, b, /)
        guard let tape = Tape.recording(a, b) else { return value }
        return tape.record(value, inputs: [a, b]) { grad in
            let gradA = grad / b
            return [gradA.summed(to: a.shape), (-gradA * value).summed(to: b.shape)]
        }
    }

    /// Adds `other` (same shape) into this tensor's storage, in place unless the storage is shared
    /// (plain values only: this is how a backward pass accumulates gradients).
    mutating func accumulate(_ other: Tensor) {
        precondition(shape == other.shape, "accumulating \(other.shape) into \(shape)")
        let count = self.count
        withUnsafeMutableScalars { x in
            other.scalars.withUnsafeBufferPointer { y in
                guard let x = x.baseAddress, let y = y.baseAddress else { return }
                for i in 0..<count { x[i] += y[i] }
            }
        }
    }

    /// Elementwise negation.
    public static prefix func - (x: Tensor) -> Tensor {
        x.elementwise({ -$0 }, derivative: { _, _ in -1 })
    }

    /// Elementwise power by a constant exponent, `x^exponent` (d/dx = exponent * x^(exponent-1)).
    public func pow(_ exponent: Double) -> Tensor {
        let p = Float(exponent)
        return elementwise({ Foundation.pow($0, p) }, derivative: { x, _ in p * Foundation.pow(x, p - 1) })
    }

    /// Elementwise square, `x * x`.
    public func squared() -> Tensor { self * self }

    /// Elementwise square root (d/dx = 1 / (2 sqrt x)).
    public func sqrt() -> Tensor {
        elementwise({ $0.squareRoot() }, derivative: { _, y in 1 / (2 * y) })
    }

    /// The rank-0 fast path: the value and its partial derivatives w.r.t. `a` and `b`, recorded
    /// inline on the tape (no closure) when an input is tracked.
    @inline(__always)
    static func scalarResult(_ value: Float, _ a: Tensor, _ da: Float, _ b: Tensor, _ db: Float) -> Tensor {
        let output = Tensor(uncheckedShape: [], scalars: [value])
        guard let tape = Tape.recording(a, b) else { return output }
        return tape.recordScalar(output, a, da, b, db)
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
