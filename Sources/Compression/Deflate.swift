/// Raw DEFLATE streams (RFC 1951): ``compress(_:level:)`` and ``decompress(_:outputLimit:expectedSize:)``.
public enum Deflate {
    /// Compresses `data` into a raw DEFLATE stream.
    ///
    /// LZ77 over a 32 KiB window with hash chains (longer chains and lazy matching at higher levels), then each
    /// block of up to 16,384 symbols is written with whichever of a dynamic Huffman code, the fixed code or a stored
    /// block is smallest, so the output is never much larger than the input.
    /// - Parameter level: 0 stores without compressing; 1...9 trade speed for size (6 by default).
    public static func compress(_ data: [UInt8], level: Int = 6) -> [UInt8] {
        var writer = BitWriter()
        data.withUnsafeBufferPointer { input in
            var compressor = Compressor(input: input, level: min(max(level, 0), 9))
            compressor.run(into: &writer)
        }
        writer.alignToByte()
        return writer.bytes
    }
}

/// LZ77 match finding and block emission for one call of ``Deflate/compress(_:level:)``.
private struct Compressor {
    let input: UnsafeBufferPointer<UInt8>
    let level: Int
    /// How many earlier positions with the same hash are compared, per level.
    let chainLimit: Int
    /// A match at least this long is taken without looking further.
    let niceLength: Int

    static let hashBits = 15
    /// Most recent position for each 3-byte hash, or -1.
    var head: [Int32]
    /// For a position (modulo the window), the previous position with the same hash.
    var previous: [Int32]
    /// Pending symbols of the current block: a literal byte (distance 0) or `length | distance << 16`.
    var symbols: [UInt32] = []
    var blockStart = 0

    static let blockSymbols = 16384

    init(input: UnsafeBufferPointer<UInt8>, level: Int) {
        self.input = input
        self.level = level
        self.chainLimit = [0, 4, 8, 16, 32, 64, 128, 256, 1024, 4096][level]
        self.niceLength = [0, 8, 16, 32, 64, 128, 128, 258, 258, 258][level]
        self.head = level == 0 ? [] : [Int32](repeating: -1, count: 1 << Self.hashBits)
        self.previous = level == 0 ? [] : [Int32](repeating: -1, count: DeflateTables.windowSize)
        symbols.reserveCapacity(Self.blockSymbols)
    }

    mutating func run(into writer: inout BitWriter) {
        if level == 0 || input.count < DeflateTables.minMatch {
            if level == 0 {
                Self.writeStored(input[...], isFinal: true, to: &writer)
            } else {
                for byte in input { symbols.append(UInt32(byte)) }
                flushBlock(end: input.count, isFinal: true, to: &writer)
            }
            return
        }
        var position = 0
        let lazy = level >= 4
        while position < input.count {
            var match = findMatch(at: position)
            insert(position)
            if match.length >= DeflateTables.minMatch {
                while lazy && match.length < niceLength && position + 1 < input.count {
                    let next = findMatch(at: position + 1)
                    guard next.length > match.length else { break }
                    emitLiteral(at: position, writer: &writer)
                    position += 1
                    insert(position)
                    match = next
                }
                symbols.append(UInt32(match.length) | UInt32(match.distance) << 16)
                for skipped in (position + 1)..<(position + match.length) { insert(skipped) }
                position += match.length
                if symbols.count >= Self.blockSymbols { flushBlock(end: position, isFinal: false, to: &writer) }
            } else {
                emitLiteral(at: position, writer: &writer)
                position += 1
            }
        }
        flushBlock(end: input.count, isFinal: true, to: &writer)
    }

    @inline(__always)
    mutating func emitLiteral(at position: Int, writer: inout BitWriter) {
        symbols.append(UInt32(input[position]))
        if symbols.count >= Self.blockSymbols { flushBlock(end: position + 1, isFinal: false, to: &writer) }
    }

    @inline(__always)
    func hash(at position: Int) -> Int {
        let key = UInt32(input[position]) << 16 | UInt32(input[position + 1]) << 8 | UInt32(input[position + 2])
        return Int((key &* 2_654_435_761) >> UInt32(32 - Self.hashBits))
    }

    @inline(__always)
    mutating func insert(_ position: Int) {
        guard position + DeflateTables.minMatch <= input.count else { return }
        let h = hash(at: position)
        previous[position & (DeflateTables.windowSize - 1)] = head[h]
        head[h] = Int32(position)
    }

    /// The longest earlier match for the bytes at `position` (length 0 when there is none of length 3).
    func findMatch(at position: Int) -> (length: Int, distance: Int) {
        let available = min(DeflateTables.maxMatch, input.count - position)
        guard available >= DeflateTables.minMatch else { return (0, 0) }
        var candidate = Int(head[hash(at: position)])
        var bestLength = 0
        var bestDistance = 0
        var chain = chainLimit
        while candidate >= 0 && chain > 0 {
            let distance = position - candidate
            if distance > DeflateTables.windowSize || distance <= 0 { break }
            // Cheap rejection: a longer match must agree at the byte just past the current best.
            if input[candidate + bestLength] == input[position + bestLength] || bestLength == 0 {
                var length = 0
                while length < available && input[candidate + length] == input[position + length] { length += 1 }
                if length > bestLength {
                    bestLength = length
                    bestDistance = distance
                    if length >= niceLength || length == available { break }
                }
            }
            let next = Int(previous[candidate & (DeflateTables.windowSize - 1)])
            // A slot overwritten by a newer position breaks the chain.
            if next >= candidate { break }
            candidate = next
            chain -= 1
        }
        return bestLength >= DeflateTables.minMatch ? (bestLength, bestDistance) : (0, 0)
    }

    /// Writes the pending symbols (covering input bytes `blockStart..<end`) as the cheapest kind of block.
    mutating func flushBlock(end: Int, isFinal: Bool, to writer: inout BitWriter) {
        var literalFrequencies = [Int](repeating: 0, count: 286)
        var distanceFrequencies = [Int](repeating: 0, count: 30)
        var extraBits = 0
        for symbol in symbols {
            let distance = Int(symbol >> 16)
            if distance == 0 {
                literalFrequencies[Int(symbol)] += 1
            } else {
                let lengthCode = SymbolCodes.lengthCode(Int(symbol & 0xFFFF))
                let distanceCode = SymbolCodes.distanceCode(distance)
                literalFrequencies[257 + lengthCode] += 1
                distanceFrequencies[distanceCode] += 1
                extraBits += DeflateTables.lengthExtra[lengthCode] + DeflateTables.distanceExtra[distanceCode]
            }
        }
        literalFrequencies[256] = 1
        let dynamic = DynamicHeader(literalFrequencies: literalFrequencies, distanceFrequencies: distanceFrequencies)
        let dynamicBits = 3 + dynamic.headerBits + extraBits
            + Self.cost(literalFrequencies, dynamic.literals.lengths) + Self.cost(distanceFrequencies, dynamic.distances.lengths)
        let fixedBits = 3 + extraBits
            + Self.cost(literalFrequencies, DeflateTables.fixedLiteralLengths) + Self.cost(distanceFrequencies, DeflateTables.fixedDistanceLengths)
        let storedBytes = end - blockStart
        let storedBits = storedBytes * 8 + (storedBytes / 65535 + 1) * (3 + 7 + 32)

        if storedBits <= min(dynamicBits, fixedBits) {
            Self.writeStored(input[blockStart..<end], isFinal: isFinal, to: &writer)
        } else if fixedBits <= dynamicBits {
            writer.write(isFinal ? 1 : 0, bits: 1)
            writer.write(1, bits: 2)
            writeSymbols(literals: SymbolCodes.fixedLiterals, distances: SymbolCodes.fixedDistances, to: &writer)
        } else {
            writer.write(isFinal ? 1 : 0, bits: 1)
            writer.write(2, bits: 2)
            dynamic.write(to: &writer)
            writeSymbols(literals: dynamic.literals, distances: dynamic.distances, to: &writer)
        }
        symbols.removeAll(keepingCapacity: true)
        blockStart = end
    }

    static func cost(_ frequencies: [Int], _ lengths: [UInt8]) -> Int {
        var total = 0
        for (frequency, length) in zip(frequencies, lengths) { total += frequency * Int(length) }
        return total
    }

    func writeSymbols(literals: HuffmanEncoder, distances: HuffmanEncoder, to writer: inout BitWriter) {
        for symbol in symbols {
            let distance = Int(symbol >> 16)
            if distance == 0 {
                literals.write(Int(symbol), to: &writer)
                continue
            }
            let length = Int(symbol & 0xFFFF)
            let lengthCode = SymbolCodes.lengthCode(length)
            literals.write(257 + lengthCode, to: &writer)
            writer.write(length - DeflateTables.lengthBase[lengthCode], bits: DeflateTables.lengthExtra[lengthCode])
            let distanceCode = SymbolCodes.distanceCode(distance)
            distances.write(distanceCode, to: &writer)
            writer.write(distance - DeflateTables.distanceBase[distanceCode], bits: DeflateTables.distanceExtra[distanceCode])
        }
        literals.write(256, to: &writer)
    }

    /// Writes `bytes` as stored blocks of at most 65,535 bytes.
    static func writeStored(_ bytes: Slice<UnsafeBufferPointer<UInt8>>, isFinal: Bool, to writer: inout BitWriter) {
        var start = bytes.startIndex
        repeat {
            let end = min(start + 65535, bytes.endIndex)
            let isLast = end == bytes.endIndex
            writer.write(isFinal && isLast ? 1 : 0, bits: 1)
            writer.write(0, bits: 2)
            writer.alignToByte()
            let length = end - start
            writer.append(bytes: [UInt8(length & 0xFF), UInt8(length >> 8), UInt8(~length & 0xFF), UInt8((~length >> 8) & 0xFF)])
            writer.append(bytes: bytes[start..<end])
            start = end
        } while start < bytes.endIndex
    }
}

/// Mapping of match lengths and distances to their DEFLATE symbols, and the fixed codes.
private enum SymbolCodes {
    /// Length code (0...28, symbol minus 257) for each match length 0...258.
    static let lengthCodes: [UInt8] = {
        var codes = [UInt8](repeating: 0, count: 259)
        for code in 0..<29 {
            let start = DeflateTables.lengthBase[code]
            let end = code == 28 ? 259 : min(259, start + (1 << DeflateTables.lengthExtra[code]))
            for length in start..<end { codes[length] = UInt8(code) }
        }
        return codes
    }()

    /// Distance code for each distance 1...32768, stored at index distance - 1.
    static let distanceCodes: [UInt8] = {
        var codes = [UInt8](repeating: 0, count: DeflateTables.windowSize)
        for code in 0..<30 {
            let start = DeflateTables.distanceBase[code]
            for distance in start..<(start + (1 << DeflateTables.distanceExtra[code])) { codes[distance - 1] = UInt8(code) }
        }
        return codes
    }()

    @inline(__always) static func lengthCode(_ length: Int) -> Int { Int(lengthCodes[length]) }
    @inline(__always) static func distanceCode(_ distance: Int) -> Int { Int(distanceCodes[distance - 1]) }

    static let fixedLiterals = HuffmanEncoder(lengths: DeflateTables.fixedLiteralLengths)
    static let fixedDistances = HuffmanEncoder(lengths: DeflateTables.fixedDistanceLengths)
}

/// The codes of a dynamic block and their run-length-encoded description (RFC 1951 section 3.2.7).
private struct DynamicHeader {
    let literals: HuffmanEncoder
    let distances: HuffmanEncoder
    let literalCount: Int
    let distanceCount: Int
    let codeLengthCode: HuffmanEncoder
    let codeLengthCount: Int
    /// Code-length symbols 0...18, each with its extra-bit value.
    let runs: [(symbol: Int, extra: Int)]
    let headerBits: Int

    init(literalFrequencies: [Int], distanceFrequencies: [Int]) {
        literals = HuffmanEncoder(lengths: HuffmanEncoder.lengths(for: literalFrequencies, limit: 15))
        distances = HuffmanEncoder(lengths: HuffmanEncoder.lengths(for: distanceFrequencies, limit: 15))
        literalCount = max(257, (literals.lengths.lastIndex { $0 != 0 } ?? 0) + 1)
        distanceCount = max(1, (distances.lengths.lastIndex { $0 != 0 } ?? 0) + 1)
        let all = Array(literals.lengths[0..<literalCount]) + Array(distances.lengths[0..<distanceCount])
        var runs: [(symbol: Int, extra: Int)] = []
        var index = 0
        while index < all.count {
            let value = all[index]
            var run = 1
            while index + run < all.count && all[index + run] == value { run += 1 }
            index += run
            if value == 0 {
                while run >= 11 { let n = min(run, 138); runs.append((18, n - 11)); run -= n }
                if run >= 3 { runs.append((17, run - 3)); run = 0 }
            } else {
                runs.append((Int(value), 0))
                run -= 1
                while run >= 3 { let n = min(run, 6); runs.append((16, n - 3)); run -= n }
            }
            for _ in 0..<run { runs.append((Int(value), 0)) }
        }
        var frequencies = [Int](repeating: 0, count: 19)
        for run in runs { frequencies[run.symbol] += 1 }
        let codeLengthLengths = HuffmanEncoder.lengths(for: frequencies, limit: 7)
        codeLengthCode = HuffmanEncoder(lengths: codeLengthLengths)
        codeLengthCount = max(4, (DeflateTables.codeLengthOrder.lastIndex { codeLengthLengths[$0] != 0 } ?? 0) + 1)
        var bits = 5 + 5 + 4 + 3 * codeLengthCount
        for run in runs {
            bits += Int(codeLengthCode.lengths[run.symbol]) + [16: 2, 17: 3, 18: 7][run.symbol, default: 0]
        }
        headerBits = bits
        self.runs = runs
    }

    func write(to writer: inout BitWriter) {
        writer.write(literalCount - 257, bits: 5)
        writer.write(distanceCount - 1, bits: 5)
        writer.write(codeLengthCount - 4, bits: 4)
        for index in 0..<codeLengthCount {
            writer.write(Int(codeLengthCode.lengths[DeflateTables.codeLengthOrder[index]]), bits: 3)
        }
        for run in runs {
            codeLengthCode.write(run.symbol, to: &writer)
            switch run.symbol {
            case 16: writer.write(run.extra, bits: 2)
            case 17: writer.write(run.extra, bits: 3)
            case 18: writer.write(run.extra, bits: 7)
            default: break
            }
        }
    }
}
