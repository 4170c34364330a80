/// The stroke clean-up applied before spline fitting, following the GNS reference pipeline
/// (Feinman & Lake 2021, appendix A.1; `rfeinman/GNS-Modeling` and `rfeinman/pyBPL`):
/// 1. drop strokes whose trajectory length is below ``minimumLength`` (the reference's `min_stk_dist = 20`, in
///    pixel units: motor and image space share the scale, so the length is the same in both);
/// 2. resample each remaining stroke uniformly in space, one point per ``resamplingInterval`` units of arc length
///    (pyBPL's `unif_space` with `dist_int = 1`), after dropping points closer than 1e-4 to their predecessor.
/// The minimal B-spline fit of the result is `Render`'s `SplineFit.minimal`.
public struct StrokePreprocessing: Sendable {
    /// Strokes with a shorter trajectory are dropped (reference: 20).
    public var minimumLength: Double
    /// Arc length between resampled points (reference: 1); nil keeps the recorded points.
    public var resamplingInterval: Double?

    /// The reference settings.
    public init(minimumLength: Double = 20, resamplingInterval: Double? = 1) {
        self.minimumLength = minimumLength
        self.resamplingInterval = resamplingInterval
    }

    /// The kept strokes' trajectories (motor space), resampled when ``resamplingInterval`` is set.
    public func apply(_ strokes: [Stroke]) -> [[SIMD2<Double>]] {
        strokes.filter { $0.trajectoryLength >= minimumLength }.map { stroke in
            resamplingInterval.map { Self.uniformlySpaced(stroke.points, interval: $0) } ?? stroke.points
        }
    }

    /// Points spaced evenly along the polyline through `points`, about `interval` apart, keeping both ends:
    /// round(length / interval) points, at least 2. A stroke that does not move is returned unchanged.
    public static func uniformlySpaced(_ points: [SIMD2<Double>], interval: Double) -> [SIMD2<Double>] {
        guard points.count > 1 else { return points }
        var kept = [points[0]]
        var cumulative = [0.0]
        for point in points.dropFirst() {
            let step = point - kept[kept.count - 1]
            let distance = (step * step).sum().squareRoot()
            if distance >= 1e-4 {
                kept.append(point)
                cumulative.append(cumulative[cumulative.count - 1] + distance)
            }
        }
        guard kept.count > 1, let total = cumulative.last else { return points }
        let count = max(2, Int((total / interval).rounded()))
        var result: [SIMD2<Double>] = []
        result.reserveCapacity(count)
        var segment = 1
        for index in 0..<count {
            let target = total * Double(index) / Double(count - 1)
            while segment < kept.count - 1 && cumulative[segment] < target { segment += 1 }
            let start = cumulative[segment - 1]
            let span = cumulative[segment] - start
            let fraction = span > 0 ? min(max((target - start) / span, 0), 1) : 0
            result.append(kept[segment - 1] + fraction * (kept[segment] - kept[segment - 1]))
        }
        return result
    }
}
