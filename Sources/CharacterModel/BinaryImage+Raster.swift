import Images
import Render

extension BinaryImage {
    /// The ink threshold: a pixel is ink when its ink intensity (1 - luminance / 255) is above one half.
    public static let inkThreshold: Float = 0.5

    /// The binary image of a decoded PNG: ink where ``inkThreshold`` is exceeded (Omniglot's images are pure
    /// black on white, so any threshold strictly between 0 and 1 reads them the same). Every task that starts
    /// from a picture (parsing, classification, the quiz) reads it through here. Throws naming `path` when the
    /// picture is not 105x105: the model's canvas has no other size, and silently rescaling would change the
    /// strokes' thickness the model expects.
    public init(raster: Raster, path: String) throws(CharacterModelError) {
        let side = Coordinates.canvasSize
        guard raster.width == side, raster.height == side else {
            throw .wrongImageSize(path: path, width: raster.width, height: raster.height)
        }
        // The pixel count is right by construction, so this cannot throw.
        self = try! BinaryImage(pixels: raster.inkIntensities().map { $0 > Self.inkThreshold })
    }

    /// The (row, column) of every ink pixel, row by row.
    public var inkPixels: [SIMD2<Int>] {
        let side = Coordinates.canvasSize
        return pixels.indices.compactMap { pixels[$0] > 0.5 ? SIMD2($0 / side, $0 % side) : nil }
    }
}
