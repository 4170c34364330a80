/// Conversions between the two coordinate systems strokes live in.
///
/// **Motor space** is the space of the Omniglot stroke files and of every spline in the model:
/// `x` grows to the right, `y` grows *upwards*, so points on the canvas have `y <= 0`; the origin is the
/// top-left corner of the 105x105 canvas, one unit per pixel.
///
/// **Image space** is the renderer's: `(row, column)` with `row = -y` and `column = x`, so pixel `(r, c)` of
/// a row-major canvas holds the ink painted near motor point `(c, -r)`.
///
/// The reference renderer (pyBPL's `space_motor_to_img`) applies no other normalisation: no offset, no
/// scale. The networks standardise splines with dataset statistics of their own; that is their business,
/// not the renderer's.
public enum Coordinates {
    /// Side of the square Omniglot canvas, in pixels.
    public static let canvasSize = 105

    /// The image-space `(row, column)` of a motor-space point `(x, y)`.
    @inlinable
    public static func imageFromMotor(_ point: SIMD2<Double>) -> SIMD2<Double> {
        SIMD2(-point.y, point.x)
    }

    /// The motor-space `(x, y)` of an image-space point `(row, column)`.
    @inlinable
    public static func motorFromImage(_ point: SIMD2<Double>) -> SIMD2<Double> {
        SIMD2(point.y, -point.x)
    }
}
