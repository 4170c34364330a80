/// CRC-32 as used by ZIP, PNG and gzip (polynomial 0xEDB88320, reflected, initial and final XOR 0xFFFFFFFF).
///
/// Table-driven with slicing-by-4: four 256-entry tables consume four bytes per step.
public struct CRC32: Sendable {
    /// The running checksum of everything passed to ``update(_:)`` so far.
    public private(set) var value: UInt32 = 0

    /// A checksum of no bytes.
    public init() {}

    /// The checksum of `bytes`.
    public static func checksum<C: Collection>(_ bytes: C) -> UInt32 where C.Element == UInt8 {
        var crc = CRC32()
        crc.update(bytes)
        return crc.value
    }

    /// Extends the checksum with `bytes`.
    public mutating func update<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        let contiguous: Void? = bytes.withContiguousStorageIfAvailable { update(buffer: $0) }
        if contiguous == nil { Array(bytes).withUnsafeBufferPointer { update(buffer: $0) } }
    }

    private mutating func update(buffer: UnsafeBufferPointer<UInt8>) {
        let t = Self.tables
        var crc = ~value
        var index = 0
        let count = buffer.count
        t.withUnsafeBufferPointer { table in
            while index + 4 <= count {
                crc ^= UInt32(buffer[index]) | UInt32(buffer[index + 1]) << 8
                    | UInt32(buffer[index + 2]) << 16 | UInt32(buffer[index + 3]) << 24
                crc = table[768 + Int(crc & 0xFF)] ^ table[512 + Int((crc >> 8) & 0xFF)]
                    ^ table[256 + Int((crc >> 16) & 0xFF)] ^ table[Int(crc >> 24)]
                index += 4
            }
            while index < count {
                crc = table[Int((crc ^ UInt32(buffer[index])) & 0xFF)] ^ (crc >> 8)
                index += 1
            }
        }
        value = ~crc
    }

    /// Table `k` (entries 256k..<256(k+1)) advances the CRC of a byte followed by `k` zero bytes.
    private static let tables: [UInt32] = {
        var table = [UInt32](repeating: 0, count: 1024)
        for n in 0..<256 {
            var c = UInt32(n)
            for _ in 0..<8 { c = (c & 1) != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
            table[n] = c
        }
        for n in 0..<256 {
            for k in 1..<4 {
                let previous = table[256 * (k - 1) + n]
                table[256 * k + n] = table[Int(previous & 0xFF)] ^ (previous >> 8)
            }
        }
        return table
    }()
}
