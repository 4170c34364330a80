import Compression

extension PNG {
    /// Encodes `raster` as an 8-bit PNG (grey, grey+alpha, RGB or RGBA by its channel count), non-interlaced,
    /// with an adaptive filter per row and a single zlib-compressed IDAT chunk.
    public static func encode(_ raster: Raster, level: Int = 6) -> [UInt8] {
        let colorType = [1: 0, 2: 4, 3: 2, 4: 6][raster.channels] ?? 0
        let rowBytes = raster.width * raster.channels
        let filtered = PNGFilter.filter(raster.pixels, rows: raster.height, rowBytes: rowBytes, stride: raster.channels)
        var header: [UInt8] = []
        header.appendBigEndian(UInt32(raster.width))
        header.appendBigEndian(UInt32(raster.height))
        header += [8, UInt8(colorType), 0, 0, 0]
        var png = signature
        png.appendChunk("IHDR", header)
        png.appendChunk("IDAT", Zlib.compress(filtered, level: level))
        png.appendChunk("IEND", [])
        return png
    }
}

extension [UInt8] {
    mutating func appendBigEndian(_ value: UInt32) {
        append(contentsOf: [UInt8(value >> 24), UInt8(truncatingIfNeeded: value >> 16), UInt8(truncatingIfNeeded: value >> 8), UInt8(truncatingIfNeeded: value)])
    }

    /// Appends a chunk: length, type, data, CRC-32 of type and data.
    mutating func appendChunk(_ type: String, _ data: [UInt8]) {
        appendBigEndian(UInt32(data.count))
        let body = Array(type.utf8) + data
        append(contentsOf: body)
        appendBigEndian(CRC32.checksum(body))
    }
}
