import Foundation

/// Second derivatives of scalar functions of a few hundred variables, for Laplace approximations.
///
/// Column j of the Hessian is the central difference of the gradient along coordinate j,
/// `(g(x + h e_j) - g(x - h e_j)) / (x_j+ - x_j-)`, and the result is symmetrized. The gradients come
/// from the Float tape, so the step balances Float rounding against truncation:
/// `h = cbrt(Float.ulpOfOne) * max(1, |x_j|)` ≈ 4.9e-3 * max(1, |x_j|), giving a relative error of
/// order eps^(2/3) ≈ 2.4e-5 (the truncation error h^2/6 * g''' and the rounding error eps * |g| / h
/// are then of the same size). The step is measured after rounding x ± h to Float.
public enum Hessian {
    /// The Hessian (n x n, row-major rows) of a scalar function from the gradient function `gradient`.
    ///
    /// `steps`, when given, are the half-widths h_j of the differences instead (one per coordinate): for a
    /// function that is smooth only above some scale, such as a rasterised image's likelihood, whose gradient
    /// jumps wherever ink crosses a pixel boundary, the difference over that scale is the curvature that matters.
    public static func byCentralDifferences(at point: [Double], steps: [Double]? = nil,
                                            gradient: ([Double]) -> [Double]) -> [[Double]] {
        let n = point.count
        precondition(steps == nil || steps!.count == n, "one step per coordinate")
        var columns: [[Double]] = []
        columns.reserveCapacity(n)
        for j in 0..<n {
            let h = steps?[j] ?? cbrt(Double(Float.ulpOfOne)) * Swift.max(1, Swift.abs(point[j]))
            var plus = point, minus = point
            plus[j] = Double(Float(point[j] + h))
            minus[j] = Double(Float(point[j] - h))
            let step = plus[j] - minus[j]
            let (gradientPlus, gradientMinus) = (gradient(plus), gradient(minus))
            columns.append((0..<n).map { (gradientPlus[$0] - gradientMinus[$0]) / step })
        }
        return (0..<n).map { i in (0..<n).map { j in (columns[j][i] + columns[i][j]) / 2 } }
    }

    /// The Hessian of `function` (a scalar-valued function of a rank-1 tensor) at `point`, with
    /// gradients from a fresh tape per evaluation.
    public static func of(_ function: (Tensor) -> Tensor, at point: [Double]) -> [[Double]] {
        byCentralDifferences(at: point) { x in
            Tape.valueAndGradient(at: Tensor(x.map(Float.init)), function).gradient.scalars.map(Double.init)
        }
    }
}

extension Tape {
    /// The value of a scalar function and its gradient at `point`, computed on a fresh tape.
    public static func valueAndGradient(at point: Tensor, _ function: (Tensor) -> Tensor) -> (value: Double, gradient: Tensor) {
        let tape = Tape()
        let x = tape.variable(point)
        let y = function(x)
        guard y.isTracked else { return (y.scalar, .zeros(point.shape)) }
        return (y.scalar, tape.gradients(of: y)[x])
    }
}
