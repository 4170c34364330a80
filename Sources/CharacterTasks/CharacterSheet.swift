import CharacterModel
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
        let renderer = Renderer()
        return Self.grid(samples.map { cell($0, renderer: renderer) })
    }

    /// Character images (such as Omniglot's 105x105 scans) in the grid ``raster(_:)`` lays samples out in:
    /// each image's first channel as grey, its top-left corner at the cell's, cut to the cell.
    public static func raster(images: [Raster]) -> Raster {
        let size = Coordinates.canvasSize
        return grid(images.map { image in
            var cell = [SIMD3<Float>](repeating: [1, 1, 1], count: size * size)
            for r in 0..<min(size, image.height) {
                for c in 0..<min(size, image.width) {
                    cell[r * size + c] = SIMD3(repeating: Float(image[c, r, 0]) / 255)
                }
            }
            return cell
        })
    }

    /// `cells` (RGB in [0, 1], `canvasSize`² each) in a near-square grid, row by row, `gap` pixels apart.
    static func grid(_ cells: [[SIMD3<Float>]]) -> Raster {
        let size = Coordinates.canvasSize
        let columns = max(1, Int(Double(cells.count).squareRoot().rounded(.up)))
        let rows = max(1, (cells.count + columns - 1) / columns)
        let width = columns * (size + gap) + gap, height = rows * (size + gap) + gap
        var raster = Raster(width: width, height: height, channels: 3, filledWith: 200)
        for (n, pixels) in cells.enumerated() {
            let left = gap + (n % columns) * (size + gap), top = gap + (n / columns) * (size + gap)
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

    /// Pixels around and between the panels of ``sideBySide(_:)``, and between a title and its panel.
    static let panelMargin = 8
    /// The titles' font scale (5x7 pixel glyphs, so titles are 14 pixels high).
    static let titleScale = 2

    /// `panels` (RGB rasters) left to right on white, each under its title in black capitals, tops aligned,
    /// `panelMargin` pixels around and between them; a panel narrower than its title gets the title's width.
    public static func sideBySide(_ panels: [(title: String, raster: Raster)]) -> Raster {
        let titleHeight = 7 * titleScale
        let top = 2 * panelMargin + titleHeight
        let widths = panels.map { max($0.raster.width, 6 * titleScale * $0.title.count - titleScale) }
        let width = widths.reduce(panelMargin) { $0 + $1 + panelMargin }
        let height = top + (panels.map(\.raster.height).max() ?? 0) + panelMargin
        var sheet = Raster.blank(width: width, height: height)
        var left = panelMargin
        for ((title, panel), slot) in zip(panels, widths) {
            precondition(panel.channels == 3, "sideBySide takes RGB panels")
            sheet.drawText(title, x: left, y: panelMargin, color: [0, 0, 0], scale: titleScale)
            for row in 0..<panel.height {
                let source = row * panel.width * 3, target = ((top + row) * width + left) * 3
                sheet.pixels.replaceSubrange(target..<(target + panel.width * 3), with: panel.pixels[source..<(source + panel.width * 3)])
            }
            left += slot + panelMargin
        }
        return sheet
    }
}
