/// A canonical Huffman code prepared for decoding: a direct table for codes of up to ``fastBits`` bits,
/// and canonical counting (one bit at a time) for the rare longer codes.
struct HuffmanDecoder {
    static let fastBits = 9
    /// Indexed by the next `fastBits` stream bits: `symbol | length << 9`, or 0 when the code is longer.
    private var fast: [UInt16]
    /// Number of codes of each length 0...15.
    private var counts: [Int]
    /// Symbols in canonical order (by length, then value).
    private var symbols: [UInt16]

    /// Builds the decoder for code `lengths` (0 = symbol unused); `name` labels errors.
    /// Over-subscribed codes are rejected; incomplete codes are accepted and their unused codes are errors when met.
    init(lengths: [UInt8], name: String) throws(CompressionError) {
        var counts = [Int](repeating: 0, count: 16)
        for length in lengths {
            guard length <= 15 else { throw .badHuffmanCode("\(name) code length \(length) exceeds 15") }
            counts[Int(length)] += 1
        }
        counts[0] = 0
        var left = 1
        for length in 1...15 {
            left = left << 1 - counts[length]
            if left < 0 { throw .badHuffmanCode("\(name) code lengths are over-subscribed") }
        }
        var offsets = [Int](repeating: 0, count: 16)
        for length in 1..<15 { offsets[length + 1] = offsets[length] + counts[length] }
        var symbols = [UInt16](repeating: 0, count: lengths.count)
        for (symbol, length) in lengths.enumerated() where length != 0 {
            symbols[offsets[Int(length)]] = UInt16(symbol)
            offsets[Int(length)] += 1
        }
        // Canonical codes: consecutive within a length, the first code of each length follows the last of the
        // previous one shifted left. DEFLATE sends codes most significant bit first, so the table index is reversed.
        var fast = [UInt16](repeating: 0, count: 1 << Self.fastBits)
        var code = 0
        var index = 0
        for length in 1...Self.fastBits {
            for _ in 0..<counts[length] {
                let entry = symbols[index] | UInt16(length << 9)
                let reversed = Self.reverse(code, bits: length)
                var slot = reversed
                while slot < fast.count {
                    fast[slot] = entry
                    slot += 1 << length
                }
                code += 1
                index += 1
            }
            code <<= 1
        }
        self.fast = fast
        self.counts = counts
        self.symbols = symbols
    }

    /// `code` with its low `bits` bits in reverse order.
    static func reverse(_ code: Int, bits: Int) -> Int {
        var result = 0
        var value = code
        for _ in 0..<bits {
            result = result << 1 | value & 1
            value >>= 1
        }
        return result
    }

    /// Decodes one symbol; the reader must hold at least 15 bits (call `refill` first).
    @inline(__always)
    func decode(_ reader: inout BitReader, name: String) throws(CompressionError) -> Int {
        let entry = fast[reader.peek(Self.fastBits)]
        if entry != 0 {
            reader.consume(Int(entry >> 9))
            return Int(entry & 0x1FF)
        }
        return try decodeSlowly(&reader, name: name)
    }

    private func decodeSlowly(_ reader: inout BitReader, name: String) throws(CompressionError) -> Int {
        let bits = reader.peek(15)
        var code = 0
        var first = 0
        var index = 0
        for length in 1...15 {
            code |= (bits >> (length - 1)) & 1
            let count = counts[length]
            if code - first < count {
                reader.consume(length)
                return Int(symbols[index + code - first])
            }
            index += count
            first = (first + count) << 1
            code <<= 1
        }
        throw .badHuffmanCode("\(name) code not in the code table")
    }
}
