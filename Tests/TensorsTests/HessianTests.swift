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

    @Test func givenStepsSetTheDifferencesWidth() {
        // f = x⁴/4, gradient x³: the central difference over ±h at 0 is h², so a step of 1 reads curvature 1 and
        // a step of 0.1 reads 0.01, where the default step (~5e-3) would read ~2e-5.
        let gradient: ([Double]) -> [Double] = { p in [p[0] * p[0] * p[0]] }
        #expect(Swift.abs(Hessian.byCentralDifferences(at: [0], steps: [1], gradient: gradient)[0][0] - 1) < 1e-12)
        #expect(Swift.abs(Hessian.byCentralDifferences(at: [0], steps: [0.1], gradient: gradient)[0][0] - 0.01) < 1e-9)
    }
}

@Suite struct SymmetricEigenTests {
    @Test func aTwoByTwoMatrix() {
        let eigen = SymmetricEigen([2, 1, 1, 2], size: 2)
        #expect(Swift.abs(eigen.values[0] - 1) < 1e-14 && Swift.abs(eigen.values[1] - 3) < 1e-14)
        #expect(Swift.abs(Swift.abs(eigen.vectors[1][0]) - 0.5.squareRoot()) < 1e-14)
    }

    @Test func decomposesARandomSymmetricMatrix() {
        // A v = λ v for every pair, the vectors orthonormal, the values ascending, and Σ λ v vᵀ gives A back; all to a few ulps of the entries (~1), so 1e-10 leaves room for n = 30.
        var random = TestRandom(seed: 5)
        let n = 30
        let m = random.tensor([n, n])
        let a = ((m + m.transposed()) / 2).scalars.map(Double.init)
        let eigen = SymmetricEigen(a, size: n)
        #expect(zip(eigen.values, eigen.values.dropFirst()).allSatisfy { $0 <= $1 })
        for (value, vector) in zip(eigen.values, eigen.vectors) {
            for i in 0..<n {
                let product = (0..<n).reduce(0.0) { $0 + a[i * n + $1] * vector[$1] }
                #expect(Swift.abs(product - value * vector[i]) < 1e-10)
            }
        }
        for k in 0..<n {
            for l in 0..<n {
                let dot = zip(eigen.vectors[k], eigen.vectors[l]).reduce(0.0) { $0 + $1.0 * $1.1 }
                #expect(Swift.abs(dot - (k == l ? 1 : 0)) < 1e-10)
            }
        }
        var rebuilt = [Double](repeating: 0, count: n * n)
        for (value, vector) in zip(eigen.values, eigen.vectors) {
            for i in 0..<n { for j in 0..<n { rebuilt[i * n + j] += value * vector[i] * vector[j] } }
        }
        #expect(zip(rebuilt, a).allSatisfy { Swift.abs($0 - $1) < 1e-10 })
    }
}
