/// The renderer's constants, from pyBPL's `Parameters` and GNS's `Renderer` (the paper's values).
public enum RenderConstants {
    /// Ink deposited by a trajectory point whose predecessor is `maxInkDistance` or more away.
    public static let inkPerPoint: Float = 2
    /// Distance (pixels) between successive points at which a point gets full ink; closer points get proportionally less.
    public static let maxInkDistance: Float = 2
    /// Weight of the neighbours in the 3x3 broadening filter (`a`).
    public static let broadenA: Float = 0.5
    /// Gain of the 3x3 broadening filter (`b`).
    public static let broadenB: Float = 6
    /// Number of broadening convolutions.
    public static let broadenCount = 2
    /// Side of the Gaussian blur filter (odd); the blur is applied twice.
    public static let blurFilterSize = 11
    /// The largest blur sigma the renderer takes: beyond it the 11-tap filter is flat, so more blur changes
    /// nothing. (The token model's own prior range for the blur, and for the pixel noise, is written once, in
    /// `Programs/characters/token.gns`.)
    public static let maximumBlurSigma: Double = 16
    /// The blur of a sharp drawing: the type prior's canvases and pictures of strokes.
    public static let sharpBlurSigma: Double = 0.5
}
