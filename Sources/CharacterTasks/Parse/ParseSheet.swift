import CharacterModel
import Foundation
import Images
import Render

/// The pictures of the image tasks: parses beside their reconstructions (the paper's Fig. 3b and A11), and
/// target images beside new exemplars (Fig. A12).
public enum ParseSheet {
    /// The target image, then for each parse two panels: its type's strokes coloured in drawing order with a dot
    /// at each start, titled with its rank and log P(type, token, image), and its reconstruction (the token's
    /// pixel probabilities, with its blur and noise), titled with its weight.
    public static func raster(image: BinaryImage, parses: [CharacterParse]) -> Raster {
        var panels = [(title: "target", raster: target(image))]
        for (k, parse) in parses.enumerated() {
            panels.append((String(format: "%d: %.1f", k + 1, parse.logScore), strokes(parse.character.strokes)))
            panels.append((String(format: "w %.3f", parse.weight), CharacterSheet(view: .image, coloursStrokes: false).raster([parse.character])))
        }
        return CharacterSheet.sideBySide(panels)
    }

    /// One row per target: the target image, then its exemplars, each the new token's strokes (noise and warp
    /// applied) drawn sharply; the blur and pixel noise each token also draws are left out so shapes can be compared.
    public static func raster(targets: [(image: BinaryImage, exemplars: [CharacterSample])]) -> Raster {
        let rows = targets.map { target in
            CharacterSheet.sideBySide([("target", Self.target(target.image)),
                                       ("exemplars", row(target.exemplars.map { CharacterSheet(view: .token, coloursStrokes: false).raster([$0]) }))])
        }
        return column(rows)
    }

    /// An image as a sheet cell (grey ink on white).
    static func target(_ image: BinaryImage) -> Raster {
        let size = Coordinates.canvasSize
        return CharacterSheet.raster(images: [Raster(inkIntensities: image.pixels, width: size, height: size)])
    }

    /// `strokes` (motor-space control points) drawn as a type, coloured in drawing order, a dark dot where each starts.
    public static func strokes(_ strokes: [[SIMD2<Double>]]) -> Raster {
        let sample = CharacterSample(strokes: strokes)
        var cell = CharacterSheet(view: .type, coloursStrokes: true).raster([sample])
        // The sheet puts its single cell `gap` pixels in from the corner.
        let inset = Double((cell.width - Coordinates.canvasSize) / 2)
        for (k, stroke) in strokes.enumerated() {
            // The curve's first point (a B-spline does not pass through its first control point).
            guard let first = BSpline.evaluate(stroke).first else { continue }
            let colour = CharacterSheet.palette[k % CharacterSheet.palette.count] * 0.6
            // The raster is addressed (x, y) = (column, row).
            let rowColumn = Coordinates.imageFromMotor(first)
            let centre = SIMD2(rowColumn.y, rowColumn.x) + inset
            cell.fillDisc(center: centre, radius: 2.5, color: SIMD3<UInt8>((colour * 255).rounded(.toNearestOrEven)))
        }
        return cell
    }

    /// `rasters` (RGB) left to right on the sheets' grey, 3 pixels apart, tops aligned.
    static func row(_ rasters: [Raster]) -> Raster {
        let width = rasters.reduce(0) { $0 + $1.width }, height = rasters.map(\.height).max() ?? 0
        var out = Raster(width: max(width, 1), height: max(height, 1), channels: 3, filledWith: 200)
        var left = 0
        for raster in rasters {
            paste(raster, into: &out, left: left, top: 0)
            left += raster.width
        }
        return out
    }

    /// `rasters` (RGB) top to bottom on white, left-aligned.
    static func column(_ rasters: [Raster]) -> Raster {
        let width = rasters.map(\.width).max() ?? 0, height = rasters.reduce(0) { $0 + $1.height }
        var out = Raster.blank(width: max(width, 1), height: max(height, 1))
        var top = 0
        for raster in rasters {
            paste(raster, into: &out, left: 0, top: top)
            top += raster.height
        }
        return out
    }

    /// Copies RGB `raster` into `out` with its top-left corner at (left, top).
    private static func paste(_ raster: Raster, into out: inout Raster, left: Int, top: Int) {
        for r in 0..<raster.height {
            let source = r * raster.width * 3, target = ((top + r) * out.width + left) * 3
            out.pixels.replaceSubrange(target..<(target + raster.width * 3), with: raster.pixels[source..<(source + raster.width * 3)])
        }
    }
}
