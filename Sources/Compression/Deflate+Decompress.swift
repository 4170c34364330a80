extension Deflate {
    /// The default cap on decompressed size, 1 GiB: far above any Omniglot file, and low enough that a
    /// zip bomb fails cleanly instead of exhausting memory. Callers that know the expected size pass it.
    public static let defaultOutputLimit = 1 << 30

    /// Decompresses a raw DEFLATE stream (RFC 1951).
    ///
    /// - Parameters:
    ///   - data: the compressed stream; bytes after its final block are ignored.
    ///   - outputLimit: decoding fails with ``CompressionError/outputLimitExceeded(limit:)`` beyond this many bytes.
    ///   - expectedSize: a capacity hint (for example a ZIP entry's declared size).
    public static func decompress(
        _ data: [UInt8], outputLimit: Int = defaultOutputLimit, expectedSize: Int = 0
    ) throws(CompressionError) -> [UInt8] {
        try decompress(data, from: 0, outputLimit: outputLimit, expectedSize: expectedSize).output
    }

    /// Decompresses the DEFLATE stream starting at byte `start`; also returns the index just past its last byte.
    static func decompress(
        _ data: [UInt8], from start: Int, outputLimit: Int, expectedSize: Int
    ) throws(CompressionError) -> (output: [UInt8], end: Int) {
        try data.withUnsafeBufferPointer { bytes throws(CompressionError) in
            // DEFLATE expands at most about 1032:1, so a hint beyond that (a corrupt size field) is not trusted.
            let input = bytes.count - start
            let capacity = min(outputLimit, 1032 * input + 1024, max(expectedSize, 4 * input, 1024))
            var inflater = Inflater(reader: BitReader(bytes, start: start), limit: outputLimit, capacity: capacity)
            let end = try inflater.run()
            return (inflater.finish(), end)
        }
    }
}

/// The state of one decompression: the bit reader and the output written so far.
private struct Inflater {
    var reader: BitReader
    let limit: Int
    /// Output storage; only the first `written` bytes are meaningful. Grown by doubling.
    var output: [UInt8]
    var written = 0

    init(reader: BitReader, limit: Int, capacity: Int) {
        self.reader = reader
        self.limit = limit
        self.output = [UInt8](repeating: 0, count: max(capacity, 1))
    }

    static let fixedLiterals = try! HuffmanDecoder(lengths: DeflateTables.fixedLiteralLengths, name: "fixed literal/length")
    static let fixedDistances = try! HuffmanDecoder(lengths: DeflateTables.fixedDistanceLengths + [0, 0], name: "fixed distance")

    /// Decodes every block; returns the index of the first byte after the stream.
    mutating func run() throws(CompressionError) -> Int {
        while true {
            reader.refill()
            let isFinal = reader.read(1) == 1
            let type = reader.read(2)
            switch type {
            case 0: try copyStoredBlock()
            case 1: try decodeBlock(literals: Self.fixedLiterals, distances: Self.fixedDistances)
            case 2:
                let (literals, distances) = try readDynamicCodes()
                try decodeBlock(literals: literals, distances: distances)
            default: throw .invalidBlockType(type)
            }
            if reader.isPastEnd { throw .truncated("a DEFLATE block") }
            if isFinal { break }
        }
        guard let end = reader.alignToByte() else { throw .truncated("the last DEFLATE block") }
        return end
    }

    mutating func finish() -> [UInt8] {
        output.removeSubrange(written...)
        return output
    }

    /// Makes room for `extra` more bytes, enforcing the output limit.
    @inline(__always)
    mutating func reserve(_ extra: Int) throws(CompressionError) {
        let needed = written + extra
        if needed <= output.count { return }
        if needed > limit { throw .outputLimitExceeded(limit: limit) }
        let grown = min(limit, max(needed, output.count * 2))
        output.append(contentsOf: repeatElement(0, count: grown - output.count))
    }

    mutating func copyStoredBlock() throws(CompressionError) {
        guard let start = reader.alignToByte(), start + 4 <= reader.bytes.count else {
            throw .truncated("a stored block header")
        }
        let bytes = reader.bytes
        let length = Int(bytes[start]) | Int(bytes[start + 1]) << 8
        let complement = Int(bytes[start + 2]) | Int(bytes[start + 3]) << 8
        guard length == complement ^ 0xFFFF else { throw .storedLengthMismatch(length: length, complement: complement) }
        let first = start + 4
        guard first + length <= bytes.count else { throw .truncated("a stored block") }
        try reserve(length)
        for offset in 0..<length { output[written + offset] = bytes[first + offset] }
        written += length
        reader.seek(to: first + length)
    }

    mutating func readDynamicCodes() throws(CompressionError) -> (HuffmanDecoder, HuffmanDecoder) {
        reader.refill()
        let literalCount = reader.read(5) + 257
        let distanceCount = reader.read(5) + 1
        let codeLengthCount = reader.read(4) + 4
        guard literalCount <= 286 else { throw .badHuffmanCode("\(literalCount) literal/length codes (at most 286)") }
        guard distanceCount <= 30 else { throw .badHuffmanCode("\(distanceCount) distance codes (at most 30)") }
        var codeLengthLengths = [UInt8](repeating: 0, count: 19)
        for index in 0..<codeLengthCount {
            codeLengthLengths[DeflateTables.codeLengthOrder[index]] = UInt8(reader.read(3))
        }
        let codeLengthDecoder = try HuffmanDecoder(lengths: codeLengthLengths, name: "code length")
        let total = literalCount + distanceCount
        var lengths = [UInt8](repeating: 0, count: total)
        var index = 0
        while index < total {
            reader.refill()
            let symbol = try codeLengthDecoder.decode(&reader, name: "code length")
            if symbol < 16 {
                lengths[index] = UInt8(symbol)
                index += 1
                continue
            }
            var value: UInt8 = 0
            let repeats: Int
            switch symbol {
            case 16:
                guard index > 0 else { throw .badHuffmanCode("repeat of the previous code length with none before it") }
                value = lengths[index - 1]
                repeats = 3 + reader.read(2)
            case 17: repeats = 3 + reader.read(3)
            default: repeats = 11 + reader.read(7)
            }
            guard index + repeats <= total else { throw .badHuffmanCode("code length repeat runs past the end of the table") }
            for offset in 0..<repeats { lengths[index + offset] = value }
            index += repeats
            if reader.isPastEnd { throw .truncated("a dynamic Huffman header") }
        }
        guard lengths[256] != 0 else { throw .badHuffmanCode("the end-of-block symbol has no code") }
        let literals = try HuffmanDecoder(lengths: Array(lengths[0..<literalCount]), name: "literal/length")
        let distances = try HuffmanDecoder(lengths: Array(lengths[literalCount...]), name: "distance")
        return (literals, distances)
    }

    mutating func decodeBlock(literals: HuffmanDecoder, distances: HuffmanDecoder) throws(CompressionError) {
        while true {
            if reader.isPastEnd { throw .truncated("compressed data") }
            // 56 buffered bits cover the longest item: 15 + 5 (length) + 15 + 13 (distance) = 48.
            reader.refill()
            let symbol = try literals.decode(&reader, name: "literal/length")
            if symbol < 256 {
                if written == output.count { try reserve(1) }
                output[written] = UInt8(truncatingIfNeeded: symbol)
                written += 1
                continue
            }
            if symbol == 256 { return }
            let lengthIndex = symbol - 257
            guard lengthIndex < 29 else { throw .badHuffmanCode("invalid length symbol \(symbol)") }
            let length = DeflateTables.lengthBase[lengthIndex] + reader.read(DeflateTables.lengthExtra[lengthIndex])
            let distanceSymbol = try distances.decode(&reader, name: "distance")
            guard distanceSymbol < 30 else { throw .badHuffmanCode("invalid distance symbol \(distanceSymbol)") }
            let distance = DeflateTables.distanceBase[distanceSymbol] + reader.read(DeflateTables.distanceExtra[distanceSymbol])
            if reader.isPastEnd { throw .truncated("compressed data") }
            guard distance <= written else { throw .distanceTooFarBack(distance: distance, available: written) }
            try reserve(length)
            // Byte by byte, because a match may overlap the bytes it is producing (distance < length).
            output.withUnsafeMutableBufferPointer { out in
                var target = written
                for _ in 0..<length {
                    out[target] = out[target - distance]
                    target += 1
                }
            }
            written += length
        }
    }
}
