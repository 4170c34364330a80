import Images
import Render

/// Character images as the tasks observe them: 105x105 binary pictures, ink = 1.
public enum CharacterImages {
    /// The binary image of `raster` (read from `path`, named in errors). Ink is 1 - luminance/255 (grey, or
    /// Rec. 601 luminance for colour, after compositing alpha over white, as `Raster.inkIntensities` documents),
    /// and a pixel is on when its ink exceeds one half. Throws unless the raster is 105x105.
    public static func binary(_ raster: Raster, path: String) throws -> BinaryImage {
        let size = Coordinates.canvasSize
        guard raster.width == size, raster.height == size else {
            throw CharacterTaskError.wrongImageSize(path: path, width: raster.width, height: raster.height)
        }
        return try BinaryImage(pixels: raster.inkIntensities().map { $0 > 0.5 })
    }

    /// The binary image of the PNG file at `path` (see ``binary(_:path:)``).
    public static func load(path: String) throws -> BinaryImage {
        try binary(try PNG.read(path: path), path: path)
    }
}
