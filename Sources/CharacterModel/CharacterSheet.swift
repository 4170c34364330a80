import Images
import Render

/// A grid of character pictures, one 105x105 cell each, for `gns sample` and anything else that shows
/// characters side by side.
public struct CharacterSheet {
    /// What a cell shows.
    public enum View: String, CaseIterable, Sendable {
        /// The type's strokes as the type prior drew them (blur 0.5, no noise): the canvas the networks saw.
        case type
        /// The token's strokes (noise and warp applied) drawn sharply (blur 0.5, no noise).
        case token
        /// The token's rendered on-probabilities with its own blur and pixel noise: what the image is drawn from.
        case image
    }

    /// Pixels between cells (and around the sheet).
    static let gap = 3
    /// Colours for strokes 1, 2, 3, ... (then repeating): distinct hues that stay readable on white.
    static let palette: [SIMD3<Float>] = [
        [0.12, 0.47, 0.71], [0.84, 0.15, 0.16], [0.17, 0.63, 0.17], [1.00, 0.50, 0.05], [0.58, 0.40, 0.74],
        [0.55, 0.34, 0.29], [0.89, 0.47, 0.76], [0.50, 0.50, 0.50], [0.74, 0.74, 0.13], [0.09, 0.75, 0.81],
    ]

    /// What the cells show.
    public var view: View
    /// Whether each stroke gets its own colour, by drawing order (else black ink).
    public var coloursStrokes: Bool

    /// A sheet showing `view`, in colour by stroke order when `coloursStrokes`.
    public init(view: View, coloursStrokes: Bool) {
        self.view = view
        self.coloursStrokes = coloursStrokes
    }

    /// The strokes a cell draws (absolute control points) and the blur and noise they are drawn with.
    func drawing(of sample: CharacterSample) -> (strokes: [[SIMD2<Double>]], blurSigma: Double, epsilon: Double) {
        switch view {
        case .type: return (sample.strokes, 0.5, 0)
        case .token: return (sample.token.warpedStrokes, 0.5, 0)
        case .image: return (sample.token.warpedStrokes, sample.token.blurSigma, sample.token.epsilon)
        }
    }

    /// The cell of `sample`: RGB, row-major, each channel in [0, 1] (white paper, ink in black or stroke colours).
    func cell(_ sample: CharacterSample, renderer: Renderer) -> [SIMD3<Float>] {
        let (strokes, sigma, epsilon) = drawing(of: sample)
        let size = Coordinates.canvasSize
        guard coloursStrokes else {
            let token = RenderToken(strokes: strokes.map { RenderStroke(absolute: $0) }, blurSigma: sigma, epsilon: epsilon)
            return renderer.probabilities(token).map { SIMD3(repeating: 1 - $0) }
        }
        // Each stroke alone, laid over the paper in drawing order (pixel noise has no colour, so it is left out).
        var paper = [SIMD3<Float>](repeating: [1, 1, 1], count: size * size)
        for (k, stroke) in strokes.enumerated() {
            let ink = renderer.probabilities(RenderToken(strokes: [RenderStroke(absolute: stroke)], blurSigma: sigma, epsilon: 0))
            let colour = Self.palette[k % Self.palette.count]
            for p in paper.indices where ink[p] > 0 {
                paper[p] = paper[p] * (1 - ink[p]) + colour * ink[p]
            }
        }
        return paper
    }

    /// The sheet of `samples` in a near-square grid, row by row.
    public func raster(_ samples: [CharacterSample]) -> Raster {
        let size = Coordinates.canvasSize
        let columns = max(1, Int(Double(samples.count).squareRoot().rounded(.up)))
        let rows = max(1, (samples.count + columns - 1) / columns)
        let width = columns * (size + Self.gap) + Self.gap, height = rows * (size + Self.gap) + Self.gap
        var raster = Raster(width: width, height: height, channels: 3, filledWith: 200)
        let renderer = Renderer()
        for (n, sample) in samples.enumerated() {
            let pixels = cell(sample, renderer: renderer)
            let left = Self.gap + (n % columns) * (size + Self.gap), top = Self.gap + (n / columns) * (size + Self.gap)
            for r in 0..<size {
                for c in 0..<size {
                    let colour = pixels[r * size + c]
                    let base = ((top + r) * width + left + c) * 3
                    for channel in 0..<3 {
                        raster.pixels[base + channel] = UInt8((255 * min(max(colour[channel], 0), 1)).rounded())
                    }
                }
            }
        }
        return raster
    }
}
