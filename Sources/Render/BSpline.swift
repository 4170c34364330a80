/// Uniform cubic B-splines, as the BPL and GNS models use them for strokes.
///
/// A spline with `n` control points is evaluated at `m` parameter values spread evenly over `[2, n + 1]`;
/// each trajectory point is a convex combination of the control points whose cubic B-spline basis
/// functions are non-zero there, with weights renormalised to sum to one (the renormalisation is what makes
/// the clamped ends work: the first point is 0.8 of the first control point plus 0.2 of the second). The
/// trajectory is linear in the control points, `X = C Y`, so gradients flow through the basis matrix `C`.
/// Constants are the reference's (pyBPL `Parameters.set_spline_params`).
public enum BSpline {
    /// Target distance (pixels) between successive evaluation points of an adaptively evaluated spline.
    public static let evaluationGrain = 1.5
    /// Fewest evaluation points of an adaptively evaluated spline.
    public static let minEvaluationCount = 10
    /// Most evaluation points of an adaptively evaluated spline (also the density used to measure length).
    public static let maxEvaluationCount = 200

    /// The cubic B-spline basis function of knot `index` at parameter `s` (support `[index, index + 4)`).
    @inlinable
    static func basis(index: Int, at s: Double) -> Double {
        let u = s - Double(index)
        guard u >= 0, u < 4 else { return 0 }
        if u < 1 { return u * u * u / 6 }
        if u < 2 {
            let d = u - 1
            return (((-3 * d + 3) * d + 3) * d + 1) / 6
        }
        if u < 3 {
            let d = u - 2
            return ((3 * d - 6) * d * d + 4) / 6
        }
        let d = 4 - u
        return d * d * d / 6
    }

    /// The `evaluationCount x controlPointCount` row-major basis matrix `C` with `trajectory = C * controlPoints`.
    ///
    /// Both counts must be at least 1 (programmer error otherwise).
    public static func basisMatrix(controlPointCount n: Int, evaluationCount m: Int) -> [Double] {
        precondition(n >= 1 && m >= 1, "B-spline needs at least one control point and one evaluation")
        var matrix = [Double](repeating: 0, count: m * n)
        let lower = 2.0, upper = Double(n + 1)
        for row in 0..<m {
            let s = m == 1 ? lower : lower + (upper - lower) * Double(row) / Double(m - 1)
            // Only knots within 4 of s contribute.
            let first = max(0, Int(s.rounded(.down)) - 3)
            let last = min(n - 1, Int(s.rounded(.down)))
            var total = 0.0
            for k in first...last {
                let w = basis(index: k, at: s)
                matrix[row * n + k] = w
                total += w
            }
            for k in 0..<n { matrix[row * n + k] /= total }
        }
        return matrix
    }

    /// The trajectory of `controlPoints` evaluated at exactly `evaluationCount` points.
    public static func evaluate(_ controlPoints: [SIMD2<Double>], evaluationCount: Int) -> [SIMD2<Double>] {
        let n = controlPoints.count
        let matrix = basisMatrix(controlPointCount: n, evaluationCount: evaluationCount)
        return (0..<evaluationCount).map { row in
            var point = SIMD2<Double>(0, 0)
            for k in 0..<n { point += matrix[row * n + k] * controlPoints[k] }
            return point
        }
    }

    /// The reference's adaptive evaluation count: the spline's length measured at `maxEvaluationCount`
    /// points, divided by `evaluationGrain`, rounded up and clamped to `[minEvaluationCount, maxEvaluationCount]`.
    public static func evaluationCount(for controlPoints: [SIMD2<Double>]) -> Int {
        let dense = evaluate(controlPoints, evaluationCount: maxEvaluationCount)
        return evaluationCount(forLength: pathLength(dense))
    }

    /// The adaptive evaluation count of a spline whose length is `length` pixels.
    public static func evaluationCount(forLength length: Double) -> Int {
        let raw = (length / evaluationGrain).rounded(.up)
        guard raw.isFinite else { return maxEvaluationCount }
        // Clamped before the conversion: a huge (finite) length would overflow Int.
        return Int(min(Double(maxEvaluationCount), max(Double(minEvaluationCount), raw)))
    }

    /// The trajectory of `controlPoints` at the adaptive evaluation count (see `evaluationCount(for:)`).
    public static func evaluate(_ controlPoints: [SIMD2<Double>]) -> [SIMD2<Double>] {
        evaluate(controlPoints, evaluationCount: evaluationCount(for: controlPoints))
    }

    /// Total Euclidean length of a polyline.
    public static func pathLength(_ points: [SIMD2<Double>]) -> Double {
        guard points.count > 1 else { return 0 }
        var total = 0.0
        for i in 1..<points.count {
            let d = points[i] - points[i - 1]
            total += (d * d).sum().squareRoot()
        }
        return total
    }
}
