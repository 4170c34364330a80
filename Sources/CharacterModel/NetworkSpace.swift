import Neural
import Render

/// The coordinates the three networks see.
///
/// Motor-space points (pixels, y up, see `Render.Coordinates`) are standardised as in the reference,
/// `(p - [50, -50]) / 20`, so a 105x105 canvas spans about [-2.5, 2.75] on both axes; spline offsets,
/// being differences, are only divided by 20. Canvases are rendered at 105x105 and bilinearly downsized
/// to 28x28 (the networks' input size).
public enum NetworkSpace {
    /// The motor-space point that maps to the origin.
    public static let center = SIMD2<Double>(50, -50)
    /// Motor-space pixels per network unit.
    public static let scale = 20.0
    /// The "previous end point" the location network sees before the first stroke (the reference's [-2.5, 2.5],
    /// the canvas's top-left corner).
    public static let previousBeforeFirstStroke = SIMD2<Double>(-2.5, 2.5)

    /// Network coordinates of a motor-space point.
    public static func fromMotor(_ point: SIMD2<Double>) -> SIMD2<Double> { (point - center) / scale }
    /// Motor-space point of network coordinates.
    public static func toMotor(_ point: SIMD2<Double>) -> SIMD2<Double> { point * scale + center }

    /// A mixture over network-space points re-expressed over motor-space points (`offsets`: over motor-space
    /// differences, which are not shifted). Densities change by the Jacobian 1/scale² per point.
    public static func toMotor(_ mixture: MixtureParameters, offsets: Bool = false) -> MixtureParameters {
        var out = mixture
        out.means = mixture.means.map { offsets ? $0 * scale : toMotor($0) }
        out.scales = mixture.scales.map { $0 * scale }
        return out
    }

    /// A 105x105 canvas (row-major ink in [0, 1]) downsized to the networks' 28x28 input (`Render.Canvas`,
    /// bilinear with PyTorch's `align_corners=False`, as the reference). Our renderer always gives 105x105.
    public static func downsized(_ canvas: [Float]) -> [Float] {
        do { return try Canvas.downsized(canvas) } catch { preconditionFailure("renderer canvas is not 105x105: \(error)") }
    }
}
