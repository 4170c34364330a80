/// Writes a DEFLATE bit stream (least significant bit first) into a byte array.
struct BitWriter {
    private(set) var bytes: [UInt8] = []
    private var buffer: UInt64 = 0
    private var count = 0

    /// Appends the low `n` bits of `value` (`n` <= 32).
    @inline(__always)
    mutating func write(_ value: Int, bits n: Int) {
        buffer |= UInt64(truncatingIfNeeded: value) << UInt64(count)
        count += n
        if count >= 32 {
            let word = UInt32(truncatingIfNeeded: buffer)
            bytes.append(UInt8(truncatingIfNeeded: word))
            bytes.append(UInt8(truncatingIfNeeded: word >> 8))
            bytes.append(UInt8(truncatingIfNeeded: word >> 16))
            bytes.append(UInt8(truncatingIfNeeded: word >> 24))
            buffer >>= 32
            count -= 32
        }
    }

    /// Pads with zero bits to a byte boundary.
    mutating func alignToByte() {
        while count > 0 {
            bytes.append(UInt8(truncatingIfNeeded: buffer))
            buffer >>= 8
            count = max(0, count - 8)
        }
        buffer = 0
    }

    /// Appends whole bytes (the writer must be byte-aligned).
    mutating func append<C: Collection>(bytes more: C) where C.Element == UInt8 {
        bytes.append(contentsOf: more)
    }
}
