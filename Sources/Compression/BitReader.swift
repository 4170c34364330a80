/// Reads a DEFLATE bit stream (least significant bit first) from a byte buffer.
///
/// Reading past the end supplies zero bits and counts them, so the hot loop needs no bounds test;
/// callers check ``isPastEnd`` at safe points and report truncation.
struct BitReader {
    let bytes: UnsafeBufferPointer<UInt8>
    /// The next byte to load into `buffer`.
    private(set) var position = 0
    /// Unconsumed bits, the next one in bit 0. Bits above `count` are either zero or the stream's own.
    private(set) var buffer: UInt64 = 0
    private(set) var count = 0
    /// Zero bytes loaded after the end of the input.
    private var padding = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>, start: Int = 0) {
        self.bytes = bytes
        self.position = start
    }

    /// True once a bit beyond the end of the input has been consumed.
    var isPastEnd: Bool { padding * 8 > count }

    /// Tops the buffer up to at least 56 bits.
    @inline(__always)
    mutating func refill() {
        if count >= 56 { return }
        if position + 8 <= bytes.count, let base = bytes.baseAddress {
            let word = UInt64(littleEndian: UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self))
            buffer |= word << UInt64(count)
            let taken = (63 - count) >> 3
            position += taken
            count += taken * 8
            return
        }
        while count <= 56 {
            if position < bytes.count {
                buffer |= UInt64(bytes[position]) << UInt64(count)
            } else {
                padding += 1
            }
            position += 1
            count += 8
        }
    }

    /// The next `n` bits without consuming them (the buffer must hold them).
    @inline(__always)
    func peek(_ n: Int) -> Int { Int(truncatingIfNeeded: buffer & ((1 << UInt64(n)) &- 1)) }

    /// Drops `n` bits (the buffer must hold them).
    @inline(__always)
    mutating func consume(_ n: Int) {
        buffer >>= UInt64(n)
        count -= n
    }

    /// Reads an `n`-bit number (`n` <= 32), refilling as needed.
    @inline(__always)
    mutating func read(_ n: Int) -> Int {
        if count < n { refill() }
        let value = peek(n)
        consume(n)
        return value
    }

    /// Skips to the next byte boundary and returns the index of the first unread byte, or nil when
    /// more bits were consumed than the input holds.
    mutating func alignToByte() -> Int? {
        consume(count & 7)
        if isPastEnd { return nil }
        let next = position - count / 8
        buffer = 0
        count = 0
        padding = 0
        position = next
        return next
    }

    /// Continues reading at byte `index` (after the caller consumed bytes directly).
    mutating func seek(to index: Int) {
        buffer = 0
        count = 0
        padding = 0
        position = index
    }
}
