import Testing
@testable import Tensors

@Suite struct MatrixMultiplyTests {
    /// Naive triple loop over Double, the reference for the product.
    private func referenceProduct(_ a: [Float], _ b: [Float], m: Int, k: Int, n: Int) -> [Double] {
        var c = [Double](repeating: 0, count: m * n)
        for i in 0..<m { for j in 0..<n { for p in 0..<k { c[i * n + j] += Double(a[i * k + p]) * Double(b[p * n + j]) } } }
        return c
    }

    @Test func productMatchesNaiveLoops() {
        var random = TestRandom(seed: 21)
        let a = random.tensor([2, 5, 7]), b = random.tensor([2, 7, 3])
        let c = Tensor.matmul(a, b)
        #expect(c.shape == [2, 5, 3])
        for item in 0..<2 {
            let want = referenceProduct(Array(a.scalars[(item * 35)..<((item + 1) * 35)]),
                                        Array(b.scalars[(item * 21)..<((item + 1) * 21)]), m: 5, k: 7, n: 3)
            for (got, expected) in zip(c.scalars[(item * 15)..<((item + 1) * 15)], want) {
                #expect(Swift.abs(Double(got) - expected) < 1e-5)
            }
        }
    }

    @Test func gradientsForPlainSharedAndBatchedProducts() {
        var random = TestRandom(seed: 22)
        checkGradients([random.tensor([3, 4]), random.tensor([4, 2])]) { xs in Tensor.matmul(xs[0], xs[1]) }
        checkGradients([random.tensor([2, 3, 4]), random.tensor([4, 5])]) { xs in Tensor.matmul(xs[0], xs[1]) }
        checkGradients([random.tensor([3, 4]), random.tensor([2, 4, 5])]) { xs in Tensor.matmul(xs[0], xs[1]) }
        checkGradients([random.tensor([2, 1, 3, 4]), random.tensor([2, 1, 4, 2])]) { xs in Tensor.matmul(xs[0], xs[1]) }
        checkGradients([random.tensor([1, 4])]) { xs in Tensor.matmul(xs[0], xs[0].transposed()) }
    }

    @Test func linearIsProductWithTransposedWeightPlusBias() {
        var random = TestRandom(seed: 23)
        let x = random.tensor([2, 3, 4]), w = random.tensor([5, 4]), b = random.tensor([5])
        let y = Tensor.linear(x, weight: w, bias: b)
        #expect(y.shape == [2, 3, 5])
        for row in 0..<6 {
            for o in 0..<5 {
                let want = (0..<4).reduce(Double(b.scalars[o])) { $0 + Double(x.scalars[row * 4 + $1]) * Double(w[o, $1]) }
                #expect(Swift.abs(Double(y.scalars[row * 5 + o]) - want) < 1e-5)
            }
        }
        checkGradients([x, w, b]) { xs in Tensor.linear(xs[0], weight: xs[1], bias: xs[2]) }
        checkGradients([random.tensor([4]), w]) { xs in Tensor.linear(xs[0], weight: xs[1]) }
    }
}
