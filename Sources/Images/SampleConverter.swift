/// Turns one row of unfiltered PNG samples (any colour type and depth) into 8-bit raster pixels.
struct SampleConverter {
    let header: Header
    /// Channels of the decoded raster (see ``PNG/decode(_:path:)`` for the rules).
    let outputChannels: Int
    /// For palette images: 256 entries of `outputChannels` bytes (entries past the palette are zero).
    let paletteTable: [UInt8]
    let paletteCount: Int
    /// A tRNS colour key, as raw sample values (1 for grey, 3 for RGB).
    let key: [Int]?

    init(header: Header, palette: [UInt8]?, transparency: [UInt8]?) throws(PNGError.Problem) {
        self.header = header
        var paletteTable: [UInt8] = []
        var paletteCount = 0
        var key: [Int]?
        switch header.colorType {
        case 3:
            guard let palette else { throw .missingChunk("PLTE (required by a palette image)") }
            paletteCount = palette.count / 3
            guard transparency?.count ?? 0 <= paletteCount else {
                throw .badPalette("tRNS has \(transparency?.count ?? 0) entries for a \(paletteCount)-entry palette")
            }
            let channels = transparency == nil ? 3 : 4
            paletteTable = [UInt8](repeating: 0, count: 256 * channels)
            for entry in 0..<paletteCount {
                for c in 0..<3 { paletteTable[entry * channels + c] = palette[entry * 3 + c] }
                if let transparency { paletteTable[entry * channels + 3] = entry < transparency.count ? transparency[entry] : 255 }
            }
            outputChannels = channels
        case 0, 2:
            if let transparency {
                let samples = header.colorType == 0 ? 1 : 3
                guard transparency.count == 2 * samples else { throw .badPalette("tRNS of \(transparency.count) bytes for colour type \(header.colorType)") }
                key = (0..<samples).map { Int(transparency[2 * $0]) << 8 | Int(transparency[2 * $0 + 1]) }
            }
            outputChannels = header.samplesPerPixel + (key == nil ? 0 : 1)
        default:
            // tRNS is not allowed with an alpha channel; like libpng, ignore it.
            outputChannels = header.samplesPerPixel
        }
        self.paletteTable = paletteTable
        self.paletteCount = paletteCount
        self.key = key
    }

    /// Converts `columns` pixels of `row` into `out`, starting at pixel `firstPixel` and stepping `pixelStep` pixels
    /// (Adam7 passes fill every 2nd, 4th or 8th pixel). Returns the largest palette index seen (0 otherwise).
    func convertRow(
        _ row: UnsafeBufferPointer<UInt8>, columns: Int, into out: UnsafeMutableBufferPointer<UInt8>,
        firstPixel: Int, pixelStep: Int
    ) -> Int {
        let depth = header.bitDepth
        let samples = header.samplesPerPixel
        let channels = outputChannels
        var target = firstPixel * channels
        let step = pixelStep * channels
        var largestIndex = 0
        switch (header.colorType, depth) {
        case (3, _):
            for x in 0..<columns {
                let index = depth == 8 ? Int(row[x]) : Self.packedSample(row, index: x, depth: depth)
                largestIndex = max(largestIndex, index)
                for c in 0..<channels { out[target + c] = paletteTable[index * channels + c] }
                target += step
            }
        case (_, 16):
            for x in 0..<columns {
                var matchesKey = key != nil
                for c in 0..<samples {
                    let high = row[2 * (x * samples + c)]
                    out[target + c] = high
                    if let key, key[c] != Int(high) << 8 | Int(row[2 * (x * samples + c) + 1]) { matchesKey = false }
                }
                if key != nil { out[target + samples] = matchesKey ? 0 : 255 }
                target += step
            }
        case (_, 8):
            for x in 0..<columns {
                var matchesKey = key != nil
                for c in 0..<samples {
                    let value = row[x * samples + c]
                    out[target + c] = value
                    if let key, key[c] != Int(value) { matchesKey = false }
                }
                if key != nil { out[target + samples] = matchesKey ? 0 : 255 }
                target += step
            }
        default:
            // Grey at 1, 2 or 4 bits: scale so the largest value becomes 255.
            let scale = 255 / ((1 << depth) - 1)
            for x in 0..<columns {
                let value = Self.packedSample(row, index: x, depth: depth)
                out[target] = UInt8(value * scale)
                if let key { out[target + 1] = key[0] == value ? 0 : 255 }
                target += step
            }
        }
        return largestIndex
    }

    /// Sample `index` of a row packed at 1, 2 or 4 bits per sample, leftmost pixel in the high bits.
    @inline(__always)
    static func packedSample(_ row: UnsafeBufferPointer<UInt8>, index: Int, depth: Int) -> Int {
        let bit = index * depth
        return Int(row[bit >> 3] >> UInt8(8 - depth - (bit & 7))) & ((1 << depth) - 1)
    }
}
