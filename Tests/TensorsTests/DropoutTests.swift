import Foundation
import Testing
@testable import Tensors

@Suite struct DropoutTests {
    @Test func dropsAboutTheRightFractionAndScalesSurvivors() {
        var random = TestRandom(seed: 80)
        let n = 20_000, p = 0.3
        let y = Tensor.ones([n]).dropout(probability: p, using: &random)
        let dropped = Double(y.scalars.filter { $0 == 0 }.count)
        // Binomial(n, p): 5 standard errors of the count.
        #expect(Swift.abs(dropped - Double(n) * p) < 5 * Foundation.sqrt(Double(n) * p * (1 - p)))
        #expect(y.scalars.allSatisfy { $0 == 0 || Swift.abs($0 - Float(1 / (1 - p))) < 1e-6 })
    }

    @Test func gradientIsTheMask() {
        var first = TestRandom(seed: 81), second = TestRandom(seed: 81)
        let tape = Tape()
        let x = tape.variable(Tensor.ones([50]))
        let y = x.dropout(probability: 0.5, using: &first)
        let replay = Tensor.ones([50]).dropout(probability: 0.5, using: &second)
        #expect(tape.gradients(of: y.sum())[x] == replay)
    }
}
