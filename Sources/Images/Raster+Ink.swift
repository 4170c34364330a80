extension Raster {
    /// Ink intensities in [0, 1], row-major (`height * width` values), 1 meaning full ink.
    ///
    /// Omniglot PNGs are black ink (sample 0) on a white background (255); GNS models ink as 1.0 on a
    /// 0.0 background. **This is where the inversion happens**: ink = 1 - luminance / 255, where luminance is the
    /// grey sample or the Rec. 601 weighting 0.299 R + 0.587 G + 0.114 B, after compositing any alpha over white
    /// (so a transparent pixel carries no ink).
    public func inkIntensities() -> [Float] {
        var ink = [Float](repeating: 0, count: width * height)
        let colour = channels >= 3
        for index in 0..<(width * height) {
            let base = index * channels
            var luminance: Float
            if colour {
                luminance = 0.299 * Float(pixels[base]) + 0.587 * Float(pixels[base + 1]) + 0.114 * Float(pixels[base + 2])
            } else {
                luminance = Float(pixels[base])
            }
            if hasAlpha {
                let alpha = Float(pixels[base + channels - 1]) / 255
                luminance = alpha * luminance + (1 - alpha) * 255
            }
            ink[index] = 1 - luminance / 255
        }
        return ink
    }

    /// A greyscale raster from ink intensities (the inverse of ``inkIntensities()`` for grey images):
    /// sample = round(255 (1 - ink)), ink clamped to [0, 1].
    public init(inkIntensities ink: [Float], width: Int, height: Int) {
        precondition(ink.count == width * height, "ink count does not match the size")
        let samples = ink.map { value -> UInt8 in
            let clamped = value.isNaN ? 0 : min(max(value, 0), 1)
            return UInt8((255 * (1 - clamped)).rounded())
        }
        self.init(width: width, height: height, channels: 1, pixels: samples)
    }
}
