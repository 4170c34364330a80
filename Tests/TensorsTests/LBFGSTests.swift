import Foundation
import Testing
@testable import Tensors

@Suite struct LBFGSTests {
    @Test func minimizesRosenbrock() {
        // f = (1 - x)^2 + 100 (y - x^2)^2, minimum 0 at (1, 1); the classic start (-1.2, 1).
        let result = LBFGS().minimize(from: [-1.2, 1]) { p in
            let (x, y) = (p[0], p[1])
            return ((1 - x) * (1 - x) + 100 * (y - x * x) * (y - x * x),
                    [-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)])
        }
        #expect(result.termination == .converged)
        #expect(Swift.abs(result.point[0] - 1) < 1e-5 && Swift.abs(result.point[1] - 1) < 1e-5)
        #expect(result.iterations < 100)
    }

    /// f = -x up to a jump at x = 10, then a plateau at 5: no step satisfies both Wolfe conditions near the jump
    /// (below it the slope is still -1, above it the value rose), so every line search ends without an accepted
    /// step. The steps that decreased the value must still be taken: the minimum approached is -10.
    @Test func keepsProgressWhenTheWolfeSearchClosesOnAJump() {
        let result = LBFGS().minimize(from: [0]) { p in
            p[0] < 10 ? (-p[0], [-1]) : (5, [0])
        }
        #expect(result.value < -9.9)
        #expect(result.point[0] < 10)
    }

    @Test func solvesAQuadraticLikeALinearSystem() {
        // f = 1/2 x^T A x - b^T x with A = M M^T + I (SPD); the minimizer solves A x = b.
        var random = TestRandom(seed: 90)
        let n = 12
        let m = (0..<n).map { _ in (0..<n).map { _ in Double.random(in: -1...1, using: &random) } }
        let a = (0..<n).map { i in (0..<n).map { j in (0..<n).reduce(i == j ? 1.0 : 0) { $0 + m[i][$1] * m[j][$1] } } }
        let b = (0..<n).map { _ in Double.random(in: -1...1, using: &random) }
        let result = LBFGS().minimize(from: [Double](repeating: 0, count: n)) { x in
            let ax = a.map { row in zip(row, x).reduce(0) { $0 + $1.0 * $1.1 } }
            let value = 0.5 * zip(x, ax).reduce(0) { $0 + $1.0 * $1.1 } - zip(b, x).reduce(0) { $0 + $1.0 * $1.1 }
            return (value, zip(ax, b).map { $0 - $1 })
        }
        #expect(result.termination == .converged)
        // Residual of A x = b, an independent check of optimality.
        let residual = a.indices.map { i in zip(a[i], result.point).reduce(0) { $0 + $1.0 * $1.1 } - b[i] }
        #expect(residual.allSatisfy { Swift.abs($0) < 1e-5 })
    }

    @Test func worksWithTapeGradients() {
        // Rosenbrock written with tensor ops; Float gradients limit the attainable tolerance.
        var lbfgs = LBFGS()
        lbfgs.gradientTolerance = 1e-3
        let result = lbfgs.minimize(from: [-1.2, 1]) { p in
            let (value, gradient) = Tape.valueAndGradient(at: Tensor(p.map(Float.init))) { v in
                let x = v.sliced(axis: 0, 0..<1), y = v.sliced(axis: 0, 1..<2)
                return ((1 - x).squared() + 100 * (y - x.squared()).squared()).sum()
            }
            return (value, gradient.scalars.map(Double.init))
        }
        #expect(Swift.abs(result.point[0] - 1) < 1e-2 && Swift.abs(result.point[1] - 1) < 2e-2)
    }
}
