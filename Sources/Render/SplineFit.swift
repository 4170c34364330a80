/// Why a spline could not be fitted to a trajectory.
public enum SplineFitError: Error, Equatable, CustomStringConvertible {
    /// The trajectory has no points.
    case emptyTrajectory
    /// A coordinate is NaN or infinite (the index of the first such point).
    case nonFinitePoint(index: Int)
    /// More control points were asked for than the trajectory has points (the least-squares problem is underdetermined).
    case tooManyControlPoints(requested: Int, trajectoryPoints: Int)
    /// The basis matrix is rank deficient for this request.
    case rankDeficient(controlPoints: Int)

    /// A sentence naming the problem.
    public var description: String {
        switch self {
        case .emptyTrajectory: "cannot fit a spline to an empty trajectory"
        case let .nonFinitePoint(index): "trajectory point \(index) has a non-finite coordinate"
        case let .tooManyControlPoints(requested, points):
            "cannot fit \(requested) control points to \(points) trajectory points"
        case let .rankDeficient(count): "the \(count)-control-point spline basis is rank deficient for this trajectory"
        }
    }
}

/// Least-squares fitting of uniform cubic B-splines to trajectories.
public enum SplineFit {
    /// Largest mean squared residual (pixels², summed over x and y, divided by the number of trajectory points)
    /// a minimal spline may leave; GNS's parser uses 0.7.
    public static let residualThreshold = 0.7
    /// Upper bound (exclusive) on the control-point count `minimal` tries; GNS's parser uses 50.
    public static let controlPointLimit = 50
    /// Spacing (pixels) at which `minimal` resamples a stroke before fitting, as the reference parser does.
    public static let resamplingSpacing = 1.0
    /// Most points `uniformlySpaced` returns: a stroke longer than this many spacings (4096 pixels at 1 pixel,
    /// 39 widths of the 105-pixel canvas) is resampled more coarsely, so the fit's work stays bounded whatever
    /// the stroke's coordinates.
    public static let maximumResampledPoints = 4096

    /// A least-squares fit of `controlPointCount` control points to `trajectory`, evaluated at one parameter
    /// per trajectory point, with the sum of squared residuals (over both coordinates).
    public static func fit(_ trajectory: [SIMD2<Double>], controlPointCount: Int) throws(SplineFitError)
        -> (controlPoints: [SIMD2<Double>], squaredResidual: Double)
    {
        try validate(trajectory)
        let m = trajectory.count, n = controlPointCount
        guard n >= 1, n <= m else { throw .tooManyControlPoints(requested: n, trajectoryPoints: m) }
        var a = BSpline.basisMatrix(controlPointCount: n, evaluationCount: m)
        var bx = trajectory.map(\.x), by = trajectory.map(\.y)
        // Householder QR of the m x n basis, applied to both right-hand sides at once.
        for k in 0..<n {
            var norm = 0.0
            for i in k..<m { norm += a[i * n + k] * a[i * n + k] }
            norm = norm.squareRoot()
            guard norm > 1e-12 else { throw .rankDeficient(controlPoints: n) }
            let alpha = a[k * n + k] > 0 ? -norm : norm
            var v = [Double](repeating: 0, count: m - k)
            for i in k..<m { v[i - k] = a[i * n + k] }
            v[0] -= alpha
            let vv = v.reduce(0) { $0 + $1 * $1 }
            guard vv > 0 else { continue }
            func reflect(_ column: (Int) -> Double, _ write: (Int, Double) -> Void) {
                var dot = 0.0
                for i in k..<m { dot += v[i - k] * column(i) }
                let scale = 2 * dot / vv
                for i in k..<m { write(i, column(i) - scale * v[i - k]) }
            }
            for j in k..<n { reflect({ a[$0 * n + j] }, { a[$0 * n + j] = $1 }) }
            reflect({ bx[$0] }, { bx[$0] = $1 })
            reflect({ by[$0] }, { by[$0] = $1 })
        }
        // Back substitution with R; the residual is what Q^T b holds below row n.
        var controlPoints = [SIMD2<Double>](repeating: .zero, count: n)
        for k in stride(from: n - 1, through: 0, by: -1) {
            var sx = bx[k], sy = by[k]
            for j in (k + 1)..<n {
                sx -= a[k * n + j] * controlPoints[j].x
                sy -= a[k * n + j] * controlPoints[j].y
            }
            let pivot = a[k * n + k]
            guard abs(pivot) > 1e-12 else { throw .rankDeficient(controlPoints: n) }
            controlPoints[k] = SIMD2(sx / pivot, sy / pivot)
        }
        var residual = 0.0
        for i in n..<m { residual += bx[i] * bx[i] + by[i] * by[i] }
        return (controlPoints, residual)
    }

    /// The fewest control points whose fit to the stroke keeps the mean squared residual under `residualThreshold`.
    ///
    /// As GNS's parser does: a one-point stroke (or one whose points all coincide) is its own one-point
    /// spline; otherwise the stroke is first resampled to points `resamplingSpacing` apart along its length,
    /// then counts `1, 2, ...` up to `controlPointLimit - 1` (and at most the number of resampled points) are
    /// tried in turn; if none gets under the threshold the largest is returned.
    /// Throws for an empty stroke or a non-finite coordinate.
    public static func minimal(_ points: [SIMD2<Double>]) throws -> [SIMD2<Double>] {
        try validate(points)
        let resampled = uniformlySpaced(points, spacing: resamplingSpacing)
        if resampled.count == 1 { return resampled }
        let largest = min(resampled.count, controlPointLimit - 1)
        var best: [SIMD2<Double>] = []
        for count in 1...largest {
            guard let (controlPoints, residual) = try? fit(resampled, controlPointCount: count) else { continue }
            best = controlPoints
            if residual / Double(resampled.count) < residualThreshold { return controlPoints }
        }
        guard !best.isEmpty else { throw SplineFitError.rankDeficient(controlPoints: largest) }
        return best
    }

    /// The stroke linearly resampled at (about) `spacing` apart along its length, ends kept.
    ///
    /// Points closer than 1e-4 to their predecessor are dropped first; if only one point is left it is
    /// returned alone. At least two points come back otherwise, and at most `maximumResampledPoints`.
    public static func uniformlySpaced(_ points: [SIMD2<Double>], spacing: Double) -> [SIMD2<Double>] {
        guard let first = points.first else { return [] }
        var kept = [first]
        var cumulative = [0.0]
        for p in points.dropFirst() {
            let d = p - kept[kept.count - 1]
            let step = (d * d).sum().squareRoot()
            if step >= 1e-4 {
                kept.append(p)
                cumulative.append(cumulative[cumulative.count - 1] + step)
            }
        }
        if kept.count == 1 { return kept }
        let total = cumulative[cumulative.count - 1]
        let count = Int(min(Double(maximumResampledPoints), max(2, (total / spacing).rounded(.toNearestOrEven))))
        var result: [SIMD2<Double>] = []
        result.reserveCapacity(count)
        var segment = 1
        for i in 0..<count {
            let target = total * Double(i) / Double(count - 1)
            while segment < kept.count - 1 && cumulative[segment] < target { segment += 1 }
            let length = cumulative[segment] - cumulative[segment - 1]
            let t = length > 0 ? min(1, max(0, (target - cumulative[segment - 1]) / length)) : 0
            result.append(kept[segment - 1] + t * (kept[segment] - kept[segment - 1]))
        }
        return result
    }

    private static func validate(_ points: [SIMD2<Double>]) throws(SplineFitError) {
        guard !points.isEmpty else { throw .emptyTrajectory }
        if let bad = points.firstIndex(where: { !$0.x.isFinite || !$0.y.isFinite }) { throw .nonFinitePoint(index: bad) }
    }
}
