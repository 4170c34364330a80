import Foundation
import Testing
@testable import Tensors

@Suite struct ElementwiseTests {
    @Test func smoothFunctionGradients() {
        var random = TestRandom(seed: 11)
        let x = random.tensor([3, 4], in: -2...2)
        checkGradients([x]) { xs in xs[0].tanh() }
        checkGradients([x]) { xs in xs[0].sigmoid() }
        checkGradients([x]) { xs in xs[0].exp() }
        checkGradients([x]) { xs in xs[0].softplus() }
        let positive = random.tensor([3, 4], in: 0.2...3)
        checkGradients([positive]) { xs in xs[0].log() }
    }

    @Test func kinkedFunctionGradients() {
        var random = TestRandom(seed: 12)
        // Elements 0.05 apart and away from 0, +-1 and the clamp bounds, so steps of 1e-2 never cross a kink.
        let x = random.separatedTensor([5, 8], gap: 0.07)
        checkGradients([x]) { xs in xs[0].relu() }
        checkGradients([x]) { xs in xs[0].abs() }
        checkGradients([x]) { xs in xs[0].clamped(to: -0.51, 0.49) }
        checkGradients([x]) { xs in (xs[0] * 1.3).hardtanh() }
    }

    /// Rank-0 inputs take the inline scalar path on the tape; check it op by op.
    @Test(arguments: [-1.3, -0.4, 0.35, 1.7]) func scalarFastPathGradients(value: Double) {
        let x = Tensor(value), positive = Tensor(Swift.abs(value) + 0.2)
        checkGradients([x]) { xs in xs[0].tanh() }
        checkGradients([x]) { xs in xs[0].sigmoid() }
        checkGradients([x]) { xs in xs[0].exp() }
        checkGradients([x]) { xs in xs[0].softplus() }
        checkGradients([x]) { xs in xs[0].relu() }
        checkGradients([x]) { xs in xs[0].abs() }
        checkGradients([x]) { xs in xs[0].clamped(to: -1, 1) }
        checkGradients([x]) { xs in -xs[0] }
        checkGradients([positive]) { xs in xs[0].log() }
        checkGradients([positive]) { xs in xs[0].sqrt() }
        checkGradients([positive]) { xs in xs[0].pow(2.5) }
        let y = Tensor(0.8 - value / 3)
        checkGradients([x, y]) { xs in xs[0] + xs[1] }
        checkGradients([x, y]) { xs in xs[0] - xs[1] }
        checkGradients([x, y]) { xs in xs[0] * xs[1] }
        checkGradients([x, y]) { xs in xs[0] / xs[1] }
        checkGradients([x, y]) { xs in (xs[0] * xs[1] + 2).tanh() * xs[0] - xs[1] / (xs[0] * xs[0] + 1) }
        // Scalars meeting tensors: the gradient to the scalar sums over the broadcast.
        checkGradients([x, Tensor([0.5, -1, 2])]) { xs in xs[0] * xs[1] + xs[0] }
    }

    @Test func scalarOperationsRecordOneEntryEach() {
        let tape = Tape()
        let x = tape.variable(0.5)
        let y = (x * x + 1).tanh()
        #expect(tape.count == 4)  // variable, *, + (constant 1 untracked), tanh
        #expect(Swift.abs(tape.gradients(of: y)[x].scalar - 2 * 0.5 * (1 - Foundation.pow(Foundation.tanh(1.25), 2))) < 1e-6)
    }

    @Test func forwardValuesMatchFoundation() {
        let values: [Float] = [-30, -1, 0, 0.5, 30]
        let x = Tensor(values)
        for (index, v) in values.enumerated() {
            #expect(Swift.abs(x.sigmoid().scalars[index] - 1 / (1 + Foundation.exp(-v))) < 1e-6)
            #expect(Swift.abs(x.softplus().scalars[index] - Foundation.log(1 + Foundation.exp(v))) < 1e-5)
            #expect(x.relu().scalars[index] == Swift.max(v, 0))
            #expect(x.hardtanh().scalars[index] == Swift.min(Swift.max(v, -1), 1))
        }
    }
}
