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
    /// Range of the blur sigma and pixel-noise epsilon the GNS token model allows (soft bounds in the parser).
    public static let blurSigmaRange: ClosedRange<Double> = 0.5...16
    /// Range of the pixel-noise epsilon the GNS token model allows.
    public static let epsilonRange: ClosedRange<Double> = 1e-4...0.5
    /// The largest coordinate magnitude (pixels) a stroke handed to the renderer or the networks may have: far
    /// outside the 105-pixel canvas, and small enough that lengths, pixel indices and network inputs computed from
    /// it stay representable (a character sampled at temperature 1e38 has coordinates near 1e20).
    public static let coordinateLimit = 1e6
}
