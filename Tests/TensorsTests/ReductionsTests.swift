import Foundation
import Testing
@testable import Tensors

@Suite struct ReductionsTests {
    @Test func sumsAndMeansOverAxes() {
        let x = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
        #expect(x.sum().scalar == 21)
        #expect(x.sum(axis: 0).scalars == [5, 7, 9])
        #expect(x.sum(axis: -1, keepingDimensions: true).shape == [2, 1])
        #expect(x.sum(axis: 1).scalars == [6, 15])
        #expect(x.mean(axis: 0).scalars == [2.5, 3.5, 4.5])
        #expect(x.mean().scalar == 3.5)
        #expect(x.max(axis: 1).scalars == [3, 6])
    }

    @Test(arguments: 0..<6) func reductionGradients(trial: Int) {
        var random = TestRandom(seed: UInt64(200 + trial))
        let shape = random.shape(rank: 1 + trial % 3)
        let x = random.tensor(shape, in: -2...2)
        let axis = Int.random(in: -shape.count..<shape.count, using: &random)
        let keep = trial.isMultiple(of: 2)
        checkGradients([x]) { xs in xs[0].sum() }
        checkGradients([x]) { xs in xs[0].mean() }
        checkGradients([x]) { xs in xs[0].sum(axis: axis, keepingDimensions: keep) }
        checkGradients([x]) { xs in xs[0].mean(axes: [0, axis], keepingDimensions: keep) }
        checkGradients([x]) { xs in xs[0].logSumExp(axis: axis, keepingDimensions: keep) }
        checkGradients([x]) { xs in xs[0].softmax(axis: axis) }
        checkGradients([x]) { xs in xs[0].logSoftmax(axis: axis) }
        let separated = random.separatedTensor(shape)
        checkGradients([separated]) { xs in xs[0].max(axis: axis, keepingDimensions: keep) }
    }

    /// Double-precision reference: log sum exp(x) along the last axis of a [rows, n] array.
    private func referenceLogSumExp(_ rows: [[Double]]) -> [Double] {
        rows.map { row in
            let m = row.max()!
            return m + Foundation.log(row.map { Foundation.exp($0 - m) }.reduce(0, +))
        }
    }

    @Test func logSumExpAndSoftmaxStayFiniteForLargeInputs() {
        let rows: [[Double]] = [[1000, 999, 998], [-1000, -1001, -999], [88, 89, 90], [0, 0, 0]]
        let x = Tensor(shape: [4, 3], scalars: rows.flatMap { $0.map(Float.init) })
        let lse = x.logSumExp(axis: 1)
        for (got, want) in zip(lse.scalars, referenceLogSumExp(rows)) {
            #expect(Swift.abs(Double(got) - want) < 1e-4 * Swift.max(1, Swift.abs(want)))
        }
        let softmax = x.softmax(axis: 1)
        let logSoftmax = x.logSoftmax(axis: 1)
        for (r, row) in rows.enumerated() {
            let reference = referenceLogSumExp([row])[0]
            for c in 0..<3 {
                #expect(Swift.abs(Double(softmax[r, c]) - Foundation.exp(row[c] - reference)) < 1e-6)
                #expect(Swift.abs(Double(logSoftmax[r, c]) - (row[c] - reference)) < 1e-4)
            }
        }
        #expect(softmax.scalars.allSatisfy { $0.isFinite })
        // The gradient of logsumexp is the softmax, also without overflow.
        let tape = Tape()
        let v = tape.variable(x)
        let g = tape.gradients(of: v.logSumExp(axis: 1).sum())[v]
        for (a, b) in zip(g.scalars, softmax.scalars) { #expect(Swift.abs(a - b) < 1e-6) }
    }
}
