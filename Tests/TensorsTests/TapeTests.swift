import Foundation
import Dispatch
import Testing
@testable import Tensors

@Suite struct TapeTests {
    @Test func plainTensorsRecordNothing() {
        let tape = Tape()
        let x = tape.variable(Tensor([1, 2]))
        let constant = Tensor([3, 4])
        _ = (constant * constant).tanh().sum()
        #expect(tape.count == 1)
        let y = (x * constant).sum()
        #expect(tape.count == 3)
        #expect(y.isTracked)
        #expect(!(constant + 1).isTracked)
    }

    @Test func scalarsEnterAndLeave() {
        let tape = Tape()
        let a = tape.variable(2.0), b = tape.variable(-0.5)
        let f = (a * b + 3).exp()  // df/da = b e^(ab+3), df/db = a e^(ab+3)
        let grads = tape.gradients(of: f)
        let e = Foundation.exp(2.0)
        #expect(Swift.abs(f.scalar - e) < 1e-5)
        #expect(Swift.abs(grads[a].scalar - (-0.5 * e)) < 1e-5)
        #expect(Swift.abs(grads[b].scalar - 2 * e) < 1e-5)
        #expect(f.shape == [])
    }

    @Test func unusedVariableGetsZeros() {
        let tape = Tape()
        let x = tape.variable(Tensor([1, 2, 3]))
        let y = tape.variable(Tensor(shape: [2, 2], scalars: [1, 2, 3, 4]))
        let grads = tape.gradients(of: x.sum())
        #expect(grads[y] == Tensor.zeros([2, 2]))
        #expect(grads[x] == Tensor.ones([3]))
    }

    @Test func detachedStopsGradients() {
        let tape = Tape()
        let x = tape.variable(2.0)
        let y = x * x.detached  // d/dx = x (only the tracked factor)
        #expect(tape.gradients(of: y)[x].scalar == 2)
    }

    @Test func customOpWithUntrackedInput() {
        let tape = Tape()
        let x = tape.variable(Tensor([1, 2]))
        let k = Tensor([3, 5])
        // y = k * x^2 as one custom op; only x gets a gradient.
        let y = Tensor.custom(inputs: [k, x], output: k * x.detached * x.detached) { g in [nil, g * 2 * k * x] }
        let grads = tape.gradients(of: y.sum())
        #expect(grads[x].scalars == [6, 20])
        #expect(!Tensor.custom(inputs: [k], output: k) { g in [g] }.isTracked)
    }

    @Test func tapesOnDifferentThreadsAreIndependent() {
        let results = UnsafeMutableBufferPointer<Double>.allocate(capacity: 8)
        defer { results.deallocate() }
        let base = UnsafeSendable(results)
        DispatchQueue.concurrentPerform(iterations: 8) { i in
            let tape = Tape()
            let x = tape.variable(Double(i))
            var y = x
            for _ in 0..<200 { y = (y * 0.5 + x * 0.5) }  // stays x; dy/dx = 1 after many steps
            base.buffer[i] = tape.gradients(of: y * x)[x].scalar  // d(x^2)/dx = 2x
        }
        for i in 0..<8 { #expect(Swift.abs(results[i] - 2 * Double(i)) < 1e-3) }
    }

    @Test func tapeIsReleasedWhenNoLongerReferenced() {
        weak var weakTape: Tape?
        var kept: Tensor?
        do {
            let tape = Tape()
            weakTape = tape
            let x = tape.variable(Tensor([1, 2]))
            kept = (x * x).tanh()
        }
        #expect(weakTape == nil)
        #expect(kept?.isTracked == false)
    }
}

/// Lets a test hand a buffer to concurrent iterations that write disjoint elements.
struct UnsafeSendable: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<Double>
    init(_ buffer: UnsafeMutableBufferPointer<Double>) { self.buffer = buffer }
}
