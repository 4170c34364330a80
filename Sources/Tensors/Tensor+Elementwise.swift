import Foundation
import Kernels

/// Elementwise functions (activations, exp/log, clamping), each with its derivative beside it.
extension Tensor {
    /// Applies `function` elementwise and records `grad * derivative(x, y)` as the backward pass,
    /// where `y` is the output (several derivatives are cheapest in terms of the output).
    func elementwise(_ function: (Float) -> Float,
                     derivative: @escaping (_ x: Float, _ y: Float) -> Float) -> Tensor {
        if shape.isEmpty {  // rank-0 fast path: the derivative is recorded inline
            let (x, y) = (scalars[0], function(scalars[0]))
            let output = Tensor(uncheckedShape: [], scalars: [y])
            guard let tape = Tape.recording(self) else { return output }
            return tape.recordScalar(output, self, derivative(x, y))
        }
        return recordElementwise(map(function), derivative: derivative)
    }

    /// An activation whose derivative is a function of its output alone (tanh, sigmoid, relu). Scalars go
    /// through ``elementwise(_:derivative:)``; arrays through the buffer kernel `vector` (`input, output, count`)
    /// forward and one inlined, vectorisable loop `grad * derivative(y)` backward.
    @inline(__always)
    func activation(_ function: @escaping (Float) -> Float,
                    vector: (UnsafePointer<Float>, UnsafeMutablePointer<Float>, Int) -> Void,
                    derivativeOfOutput derivative: @escaping (Float) -> Float) -> Tensor {
        if shape.isEmpty { return elementwise(function) { _, y in derivative(y) } }
        let out = [Float](unsafeUninitializedCapacity: count) { y, initialized in
            scalars.withUnsafeBufferPointer { x in
                if let x = x.baseAddress, let y = y.baseAddress { vector(x, y, count) }
            }
            initialized = count
        }
        let value = Tensor(uncheckedShape: shape, scalars: out)
        guard let tape = Tape.recording(self) else { return value }
        return tape.record(value, inputs: [self]) { grad in
            [Tensor(uncheckedShape: grad.shape, scalars: Tensor.combined(grad.scalars, value.scalars) { g, y in g * derivative(y) })]
        }
    }

    /// Records `value = f(self)` with backward `grad * derivative(x, y)`, if `self` is being recorded.
    private func recordElementwise(_ value: Tensor, derivative: @escaping (_ x: Float, _ y: Float) -> Float) -> Tensor {
        guard let tape = Tape.recording(self) else { return value }
        return tape.record(value, inputs: [self]) { grad in
            [grad * Tensor.zipValues(self, value, derivative)]
        }
    }

    /// Hyperbolic tangent (d/dx = 1 - y^2); arrays go through the vector kernel, scalars through libm.
    public func tanh() -> Tensor {
        activation(Foundation.tanh, vector: Activation.tanh) { y in 1 - y * y }
    }

    /// Logistic sigmoid 1 / (1 + e^-x) (d/dx = y (1 - y)); stable for large |x|.
    public func sigmoid() -> Tensor {
        activation({ x in x >= 0 ? 1 / (1 + Foundation.exp(-x)) : Foundation.exp(x) / (1 + Foundation.exp(x)) },
                   vector: Activation.sigmoid, derivativeOfOutput: { y in y * (1 - y) })
    }

    /// Rectified linear unit max(x, 0) (derivative 1 where the output is positive, else 0).
    public func relu() -> Tensor {
        activation({ Swift.max($0, 0) }, vector: { x, y, count in for i in 0..<count { y[i] = Swift.max(x[i], 0) } },
                   derivativeOfOutput: { y in y > 0 ? 1 : 0 })
    }

    /// `op(a[i], b[i])` for arrays of one length, inlined into the caller so the loop vectorises.
    @inline(__always)
    static func combined(_ a: [Float], _ b: [Float], _ op: (Float, Float) -> Float) -> [Float] {
        [Float](unsafeUninitializedCapacity: a.count) { z, initialized in
            a.withUnsafeBufferPointer { x in
                b.withUnsafeBufferPointer { y in
                    guard let x = x.baseAddress, let y = y.baseAddress, let z = z.baseAddress else { return }
                    for i in 0..<a.count { z[i] = op(x[i], y[i]) }
                }
            }
            initialized = a.count
        }
    }

    /// Exponential (d/dx = y).
    public func exp() -> Tensor {
        elementwise(Foundation.exp) { _, y in y }
    }

    /// Natural logarithm (d/dx = 1/x).
    public func log() -> Tensor {
        elementwise(Foundation.log) { x, _ in 1 / x }
    }

    /// Softplus log(1 + e^x), computed stably (d/dx = sigmoid(x)).
    public func softplus() -> Tensor {
        elementwise({ x in Swift.max(x, 0) + Foundation.log1p(Foundation.exp(-Swift.abs(x))) },
                    derivative: { x, _ in 1 / (1 + Foundation.exp(-x)) })
    }

    /// Absolute value (derivative sign(x), 0 at 0).
    public func abs() -> Tensor {
        elementwise(Swift.abs) { x, _ in x > 0 ? 1 : (x < 0 ? -1 : 0) }
    }

    /// Clamps every element into `[lower, upper]`; the gradient passes where the input lay in
    /// `[lower, upper]` and is zero where it was clipped (as PyTorch's `clamp`).
    public func clamped(to lower: Double, _ upper: Double) -> Tensor {
        let lo = Float(lower), hi = Float(upper)
        return elementwise({ Swift.min(Swift.max($0, lo), hi) },
                           derivative: { x, _ in x >= lo && x <= hi ? 1 : 0 })
    }

    /// Hard tanh: clamping into `[-1, 1]` (PyTorch's `hardtanh` with default bounds).
    public func hardtanh() -> Tensor { clamped(to: -1, 1) }
}
