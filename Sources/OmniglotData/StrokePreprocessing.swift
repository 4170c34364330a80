import Render

/// The stroke clean-up and spline fitting that turn a drawing into GNS training data, following the reference
/// pipeline (Feinman & Lake 2021, appendix A.1; `rfeinman/GNS-Modeling` with `rfeinman/pyBPL`):
/// 1. drop strokes whose trajectory length is below ``minimumLength`` (the reference training loader's
///    `min_stk_dist = 20`, in pixel units; motor and image space share the scale, so it holds in both);
/// 2. fit each remaining stroke with the minimal uniform cubic B-spline, `Render`'s `SplineFit.minimal`, which
///    first resamples the stroke uniformly in space (pyBPL's `unif_space`) and owns the residual threshold.
/// Splines stay in motor space, like the stroke files and every spline in the model (see `Render`'s `Coordinates`).
public struct StrokePreprocessing: Sendable {
    /// Strokes with a shorter trajectory are dropped (reference: 20).
    public var minimumLength: Double

    /// The reference settings, or another minimum length.
    public init(minimumLength: Double = 20) {
        self.minimumLength = minimumLength
    }

    /// The strokes long enough to keep, in their original order.
    public func kept(_ strokes: [Stroke]) -> [Stroke] {
        strokes.filter { $0.trajectoryLength >= minimumLength }
    }

    /// The control points (motor space) of the minimal spline of every kept stroke; `label` names the drawing
    /// in errors.
    public func splines(_ strokes: [Stroke], label: String) throws(OmniglotError) -> [[SIMD2<Double>]] {
        var splines: [[SIMD2<Double>]] = []
        for (index, stroke) in kept(strokes).enumerated() {
            do {
                splines.append(try SplineFit.minimal(stroke.points))
            } catch {
                throw .splineFit(drawing: label, stroke: index + 1, reason: "\(error)")
            }
        }
        return splines
    }
}
