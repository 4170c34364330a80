import Foundation
import Testing
@testable import Tensors

@Suite struct LSTMTests {
    /// One LSTM step written out per unit in Double from PyTorch's documented equations.
    private func referenceStep(x: [Double], h: [Double], c: [Double], wi: Tensor, wh: Tensor, bi: Tensor, bh: Tensor)
        -> (h: [Double], c: [Double]) {
        let size = h.count
        func preactivation(_ row: Int) -> Double {
            var total = Double(bi.scalars[row]) + Double(bh.scalars[row])
            for j in 0..<x.count { total += Double(wi[row, j]) * x[j] }
            for j in 0..<size { total += Double(wh[row, j]) * h[j] }
            return total
        }
        func sigmoid(_ v: Double) -> Double { 1 / (1 + Foundation.exp(-v)) }
        var newH: [Double] = [], newC: [Double] = []
        for u in 0..<size {
            let i = sigmoid(preactivation(u)), f = sigmoid(preactivation(size + u))
            let g = Foundation.tanh(preactivation(2 * size + u)), o = sigmoid(preactivation(3 * size + u))
            newC.append(f * c[u] + i * g)
            newH.append(o * Foundation.tanh(newC[u]))
        }
        return (newH, newC)
    }

    @Test func stepMatchesHandWrittenEquations() {
        var random = TestRandom(seed: 70)
        let (batch, inputSize, size) = (2, 3, 4)
        let x = random.tensor([batch, inputSize]), h = random.tensor([batch, size]), c = random.tensor([batch, size])
        let wi = random.tensor([4 * size, inputSize]), wh = random.tensor([4 * size, size])
        let bi = random.tensor([4 * size]), bh = random.tensor([4 * size])
        let step = Tensor.lstmCell(input: x, hidden: h, cell: c, weightInput: wi, weightHidden: wh, biasInput: bi, biasHidden: bh)
        for b in 0..<batch {
            let row = { (t: Tensor, n: Int) in (0..<n).map { Double(t[b, $0]) } }
            let want = referenceStep(x: row(x, inputSize), h: row(h, size), c: row(c, size), wi: wi, wh: wh, bi: bi, bh: bh)
            for u in 0..<size {
                #expect(Swift.abs(Double(step.hidden[b, u]) - want.h[u]) < 1e-5)
                #expect(Swift.abs(Double(step.cell[b, u]) - want.c[u]) < 1e-5)
            }
        }
        checkGradients([x, h, c, wi, wh, bi, bh]) { xs in
            let next = Tensor.lstmCell(input: xs[0], hidden: xs[1], cell: xs[2], weightInput: xs[3], weightHidden: xs[4],
                                       biasInput: xs[5], biasHidden: xs[6])
            return Tensor.concatenate([next.hidden, next.cell], axis: 1)
        }
    }
}
