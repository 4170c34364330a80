/// Adler-32, the checksum that ends a zlib stream (RFC 1950).
public struct Adler32: Sendable {
    private var a: UInt32 = 1
    private var b: UInt32 = 0

    /// A checksum of no bytes (value 1).
    public init() {}

    /// The running checksum of everything passed to ``update(_:)`` so far.
    public var value: UInt32 { b << 16 | a }

    /// The checksum of `bytes`.
    public static func checksum<C: Collection>(_ bytes: C) -> UInt32 where C.Element == UInt8 {
        var adler = Adler32()
        adler.update(bytes)
        return adler.value
    }

    /// Extends the checksum with `bytes`.
    public mutating func update<C: Collection>(_ bytes: C) where C.Element == UInt8 {
        // 5552 is the largest n with 255 n (n + 1) / 2 + (n + 1)(65520) < 2^32, so the sums
        // can be reduced modulo 65521 once per run of that many bytes.
        let modulus: UInt32 = 65521
        var run = 0
        for byte in bytes {
            a &+= UInt32(byte)
            b &+= a
            run += 1
            if run == 5552 {
                a %= modulus
                b %= modulus
                run = 0
            }
        }
        a %= modulus
        b %= modulus
    }
}
