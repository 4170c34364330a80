import Foundation
import Testing
@testable import Tensors

@Suite struct HessianTests {
    @Test func quadraticFormHasHessianA() {
        // f(x) = 1/2 x^T A x + c^T x with symmetric A: the Hessian is A everywhere.
        var random = TestRandom(seed: 95)
        let n = 20
        let m = random.tensor([n, n])
        let a = (m + m.transposed()) / 2
        let c = random.tensor([n, 1])
        let point = (0..<n).map { _ in Double.random(in: -2...2, using: &random) }
        let hessian = Hessian.of({ x in
            let column = x.reshaped([n, 1])
            return (0.5 * Tensor.matmul(column.transposed(), Tensor.matmul(a, column)) + Tensor.matmul(c.transposed(), column)).sum()
        }, at: point)
        // Tolerance: relative error ~ cbrt(eps)^2 ≈ 2.4e-5 times gradient magnitudes ~ n, so 2e-3.
        for i in 0..<n { for j in 0..<n { #expect(Swift.abs(hessian[i][j] - Double(a[i, j])) < 2e-3) } }
    }

    @Test func logSumExpHessianIsDiagMinusOuterProduct() {
        // f(x) = log sum exp(x): H = diag(p) - p p^T with p = softmax(x).
        let point: [Double] = [0.3, -1.2, 2.0, 0.0, 0.7]
        let hessian = Hessian.of({ $0.logSumExp(axis: 0) }, at: point)
        let exps = point.map { Foundation.exp($0) }
        let p = exps.map { $0 / exps.reduce(0, +) }
        for i in 0..<5 {
            for j in 0..<5 {
                let want = (i == j ? p[i] : 0) - p[i] * p[j]
                #expect(Swift.abs(hessian[i][j] - want) < 1e-4)
            }
        }
    }

    @Test func differencesOfAnExactGradient() {
        // f(x, y) = sin(x) y^2 with exact Double gradient; H = [[-sin x y^2, 2 y cos x], [2 y cos x, 2 sin x]].
        let (x, y) = (0.4, -1.5)
        let hessian = Hessian.byCentralDifferences(at: [x, y]) { p in
            [Foundation.cos(p[0]) * p[1] * p[1], 2 * Foundation.sin(p[0]) * p[1]]
        }
        let want = [[-Foundation.sin(x) * y * y, 2 * y * Foundation.cos(x)], [2 * y * Foundation.cos(x), 2 * Foundation.sin(x)]]
        for i in 0..<2 { for j in 0..<2 { #expect(Swift.abs(hessian[i][j] - want[i][j]) < 1e-4) } }
    }
}
