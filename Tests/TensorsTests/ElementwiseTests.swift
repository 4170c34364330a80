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
