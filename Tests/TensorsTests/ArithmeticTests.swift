import Testing
@testable import Tensors

@Suite struct ArithmeticTests {
    @Test func broadcastingForwardMatchesIndexArithmetic() {
        let a = Tensor(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
        let b = Tensor(shape: [3], scalars: [10, 20, 30])
        #expect((a + b).scalars == [11, 22, 33, 14, 25, 36])
        let column = Tensor(shape: [2, 1], scalars: [1, -1])
        #expect((a * column).scalars == [1, 2, 3, -4, -5, -6])
        let outer = Tensor(shape: [2, 1], scalars: [1, 2]) - Tensor(shape: [1, 3], scalars: [1, 2, 3])
        #expect(outer.shape == [2, 3])
        #expect(outer.scalars == [0, -1, -2, 1, 0, -1])
        #expect(Tensor.broadcastShape([2, 3], [4]) == nil)
        #expect(Tensor.broadcastShape([], [4, 1, 2]) == [4, 1, 2])
    }

    @Test(arguments: 0..<12) func binaryOperatorGradientsUnderBroadcasting(trial: Int) {
        var random = TestRandom(seed: UInt64(100 + trial))
        let shape = random.shape(rank: Int.random(in: 0...3, using: &random))
        let partner = random.broadcastPartner(of: shape)
        let (left, right) = trial.isMultiple(of: 2) ? (shape, partner) : (partner, shape)
        let a = random.tensor(left, in: 0.5...1.5)
        let b = random.tensor(right, in: 0.5...1.5)
        checkGradients([a, b]) { xs in xs[0] + xs[1] }
        checkGradients([a, b]) { xs in xs[0] - xs[1] }
        checkGradients([a, b]) { xs in xs[0] * xs[1] }
        checkGradients([a, b]) { xs in xs[0] / xs[1] }
    }

    @Test func unaryArithmeticGradients() {
        var random = TestRandom(seed: 3)
        let x = random.tensor([2, 3], in: 0.5...2)
        checkGradients([x]) { xs in -xs[0] }
        checkGradients([x]) { xs in xs[0].pow(3) }
        checkGradients([x]) { xs in xs[0].pow(-0.5) }
        checkGradients([x]) { xs in xs[0].sqrt() }
        checkGradients([x]) { xs in 2 * xs[0] - 1 + xs[0] / 4 - 3 / xs[0] }
        checkGradients([x]) { xs in xs[0].broadcast(to: [4, 2, 3]) }
    }

    @Test func tensorUsedTwiceAccumulatesItsGradient() {
        let tape = Tape()
        let x = tape.variable(3.0)
        let y = x * x + x  // dy/dx = 2x + 1 = 7
        #expect(tape.gradients(of: y)[x].scalar == 7)
    }
}

@Suite struct BroadcastingPatternTests {
    /// Every broadcasting fast path must agree with the general offset-table path.
    @Test func fastPathsAgreeWithOffsetTables() {
        var random = TestRandom(seed: 150)
        let cases: [([Int], [Int])] = [([4, 3], [3]), ([3], [4, 3]), ([2, 4, 3], [1, 4, 3]), ([2, 3, 2, 2], [1, 3, 1, 1]),
                                       ([5], []), ([], [5]), ([2, 0], [0]), ([4, 1], [1, 3]),
                                       // Summing back over one run of axes (the mean over a feature map's places),
                                       // and over two separated axes, which has no fast path.
                                       ([3, 5, 4], [3, 1, 4]), ([2, 3, 4, 5], [2, 1, 1, 5]), ([3, 5, 4], [3, 1, 1]),
                                       ([3, 5, 4], [1, 5, 1])]
        for (left, right) in cases {
            let a = random.tensor(left), b = random.tensor(right)
            let shape = Tensor.broadcastShape(left, right)!
            let offsetsA = Tensor.broadcastOffsets(from: left, to: shape)
            let offsetsB = Tensor.broadcastOffsets(from: right, to: shape)
            let expected = zip(offsetsA, offsetsB).map { a.scalars[$0] - b.scalars[$1] }
            #expect((a - b).scalars == expected, "\(left) - \(right)")
            // The adjoint: summing back must match accumulation through the offset table.
            let grad = random.tensor(shape)
            var sums = [Float](repeating: 0, count: b.count)
            for (g, offset) in zip(grad.scalars, offsetsB) { sums[offset] += g }
            let summed = grad.summed(to: right)
            #expect(zip(summed.scalars, sums).allSatisfy { Swift.abs($0 - $1) < 1e-5 }, "sum to \(right)")
        }
    }
}
