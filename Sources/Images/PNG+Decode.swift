import Compression

extension PNG {
    /// Decodes PNG data; `path` labels errors.
    ///
    /// Output samples are 8-bit: depths 1, 2 and 4 are scaled by 255 / (2^depth - 1) (so 1-bit 0/1 becomes 0/255);
    /// 16-bit samples keep their high byte. Palette images expand to RGB, or RGBA when a tRNS chunk is present;
    /// a grey or RGB image with a tRNS colour key gains an alpha channel (0 where the raw sample equals the key).
    /// Every chunk's CRC is checked; ancillary chunks other than tRNS are skipped.
    public static func decode(_ bytes: [UInt8], path: String) throws(PNGError) -> Raster {
        do {
            return try decodeUnlabelled(bytes)
        } catch {
            throw PNGError(path: path, problem: error)
        }
    }

    private static func decodeUnlabelled(_ bytes: [UInt8]) throws(PNGError.Problem) -> Raster {
        guard bytes.count >= 8 else { throw .truncated("the signature") }
        guard Array(bytes[0..<8]) == signature else { throw .badSignature }
        var header: Header?
        var palette: [UInt8]?
        var transparency: [UInt8]?
        var compressed: [UInt8] = []
        var sawIDAT = false
        var sawEnd = false
        var position = 8
        while !sawEnd {
            guard position + 8 <= bytes.count else {
                throw .truncated(header == nil ? "the IHDR chunk" : sawIDAT ? "the chunks before IEND" : "the chunks before IDAT")
            }
            let length = Int(bytes.bigEndianUInt32(at: position))
            let type = String(decoding: bytes[(position + 4)..<(position + 8)], as: UTF8.self)
            let dataStart = position + 8
            guard length <= bytes.count, dataStart + length + 4 <= bytes.count else { throw .truncated("chunk \(type)") }
            let data = bytes[dataStart..<(dataStart + length)]
            let stored = bytes.bigEndianUInt32(at: dataStart + length)
            let actual = CRC32.checksum(bytes[(position + 4)..<(dataStart + length)])
            guard stored == actual else { throw .chunkCRCMismatch(chunk: type, expected: stored, actual: actual) }
            position = dataStart + length + 4
            if header == nil && type != "IHDR" { throw .missingChunk("IHDR (must be first)") }
            switch type {
            case "IHDR":
                guard header == nil else { throw .missingChunk("IHDR (appears twice)") }
                header = try Header(Array(data))
            case "PLTE":
                guard data.count % 3 == 0, data.count >= 3, data.count <= 768 else { throw .badPalette("PLTE of \(data.count) bytes") }
                palette = Array(data)
            case "tRNS": transparency = Array(data)
            case "IDAT":
                compressed.append(contentsOf: data)
                sawIDAT = true
            case "IEND": sawEnd = true
            default:
                // Bit 5 of the first letter (lowercase) marks an ancillary chunk, safe to skip.
                guard let first = type.utf8.first, first & 0x20 != 0 else { throw .unknownCriticalChunk(type) }
            }
        }
        guard let header else { throw .missingChunk("IHDR") }
        guard sawIDAT else { throw .missingChunk("IDAT") }
        let raw: [UInt8]
        do {
            raw = try Zlib.decompress(compressed, outputLimit: header.rawDataSize, expectedSize: header.rawDataSize)
        } catch {
            throw .compression(error)
        }
        guard raw.count == header.rawDataSize else { throw .imageDataSize(found: raw.count, expected: header.rawDataSize) }
        let converter = try SampleConverter(header: header, palette: palette, transparency: transparency)
        return try header.reconstruct(raw, converter: converter)
    }
}

/// The IHDR fields and the layout they imply.
struct Header {
    let width: Int
    let height: Int
    let bitDepth: Int
    let colorType: Int
    let interlaced: Bool

    /// Samples per pixel in the file (palette images store one index).
    var samplesPerPixel: Int { [0: 1, 2: 3, 3: 1, 4: 2, 6: 4][colorType] ?? 1 }
    var bitsPerPixel: Int { samplesPerPixel * bitDepth }
    /// Byte distance to the corresponding byte of the previous pixel, as the filters use it.
    var filterStride: Int { max(1, bitsPerPixel / 8) }

    init(_ data: [UInt8]) throws(PNGError.Problem) {
        guard data.count == 13 else { throw .badHeader("IHDR is \(data.count) bytes, expected 13") }
        width = Int(data.bigEndianUInt32(at: 0))
        height = Int(data.bigEndianUInt32(at: 4))
        bitDepth = Int(data[8])
        colorType = Int(data[9])
        guard width > 0, height > 0, width <= 0x7FFF_FFFF, height <= 0x7FFF_FFFF else {
            throw .badHeader("size \(width)x\(height)")
        }
        let allowed: [Int: [Int]] = [0: [1, 2, 4, 8, 16], 2: [8, 16], 3: [1, 2, 4, 8], 4: [8, 16], 6: [8, 16]]
        guard let depths = allowed[colorType] else { throw .badHeader("colour type \(colorType)") }
        guard depths.contains(bitDepth) else { throw .badHeader("bit depth \(bitDepth) with colour type \(colorType)") }
        guard data[10] == 0 else { throw .badHeader("compression method \(data[10])") }
        guard data[11] == 0 else { throw .badHeader("filter method \(data[11])") }
        guard data[12] <= 1 else { throw .badHeader("interlace method \(data[12])") }
        interlaced = data[12] == 1
        let perPixelBound = (width.multipliedReportingOverflow(by: height), 8)
        guard !perPixelBound.0.overflow, perPixelBound.0.partialValue <= PNG.maximumDataSize / perPixelBound.1 else {
            throw .tooLarge(width: width, height: height)
        }
    }

    /// The passes to decode: (first column, first row, column step, row step); one for non-interlaced images.
    var passes: [(x: Int, y: Int, dx: Int, dy: Int)] {
        interlaced
            ? [(0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2)]
            : [(0, 0, 1, 1)]
    }

    /// Columns and rows in a pass (either may be zero for small interlaced images).
    func passSize(_ pass: (x: Int, y: Int, dx: Int, dy: Int)) -> (columns: Int, rows: Int) {
        ((width - pass.x + pass.dx - 1) / pass.dx, (height - pass.y + pass.dy - 1) / pass.dy)
    }

    func rowBytes(columns: Int) -> Int { (columns * bitsPerPixel + 7) / 8 }

    /// Length of the decompressed data: every non-empty row of every pass plus its filter byte.
    var rawDataSize: Int {
        var total = 0
        for pass in passes {
            let (columns, rows) = passSize(pass)
            if columns > 0 && rows > 0 { total += rows * (1 + rowBytes(columns: columns)) }
        }
        return total
    }

    /// Undoes the filters pass by pass and converts every pixel into a raster.
    func reconstruct(_ raw: [UInt8], converter: SampleConverter) throws(PNGError.Problem) -> Raster {
        var raw = raw
        var raster = Raster(width: width, height: height, channels: converter.outputChannels, filledWith: 0)
        var offset = 0
        var rowNumber = 0
        var largestIndex = 0
        for pass in passes {
            let (columns, rows) = passSize(pass)
            guard columns > 0 && rows > 0 else { continue }
            let length = rowBytes(columns: columns)
            try PNGFilter.unfilter(&raw, start: offset, rows: rows, rowBytes: length, stride: filterStride, firstRowNumber: rowNumber)
            raw.withUnsafeBufferPointer { data in
                raster.pixels.withUnsafeMutableBufferPointer { out in
                    for row in 0..<rows {
                        let rowStart = offset + row * (length + 1) + 1
                        let y = pass.y + row * pass.dy
                        let largest = converter.convertRow(
                            UnsafeBufferPointer(rebasing: data[rowStart..<(rowStart + length)]), columns: columns,
                            into: out, firstPixel: y * width + pass.x, pixelStep: pass.dx)
                        largestIndex = Swift.max(largestIndex, largest)
                    }
                }
            }
            offset += rows * (length + 1)
            rowNumber += rows
        }
        if colorType == 3 && largestIndex >= converter.paletteCount {
            throw .badPalette("pixel index \(largestIndex) beyond the \(converter.paletteCount)-entry palette")
        }
        return raster
    }
}

extension [UInt8] {
    /// Big-endian 32-bit field at `offset` (callers check bounds).
    func bigEndianUInt32(at offset: Int) -> UInt32 {
        UInt32(self[offset]) << 24 | UInt32(self[offset + 1]) << 16 | UInt32(self[offset + 2]) << 8 | UInt32(self[offset + 3])
    }
}
