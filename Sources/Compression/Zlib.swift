/// zlib streams (RFC 1950): a two-byte header, a DEFLATE stream and a big-endian Adler-32 of the data.
/// PNG image data is a zlib stream.
public enum Zlib {
    /// Compresses `data` into a zlib stream (32 KiB window, no preset dictionary).
    public static func compress(_ data: [UInt8], level: Int = 6) -> [UInt8] {
        // CMF 0x78: deflate with a 32 KiB window; FLG's check bits make CMF*256+FLG a multiple of 31.
        let levelBits = level <= 1 ? 0 : level <= 5 ? 1 : level == 6 ? 2 : 3
        var flags = levelBits << 6
        flags += 31 - (0x78 * 256 + flags) % 31
        var output: [UInt8] = [0x78, UInt8(flags)]
        output += Deflate.compress(data, level: level)
        let adler = Adler32.checksum(data)
        output += [UInt8(adler >> 24), UInt8(truncatingIfNeeded: adler >> 16), UInt8(truncatingIfNeeded: adler >> 8), UInt8(truncatingIfNeeded: adler)]
        return output
    }

    /// Decompresses a zlib stream and verifies its Adler-32.
    /// - Parameter outputLimit: decoding fails beyond this many bytes (see ``Deflate/defaultOutputLimit``).
    public static func decompress(
        _ data: [UInt8], outputLimit: Int = Deflate.defaultOutputLimit, expectedSize: Int = 0
    ) throws(CompressionError) -> [UInt8] {
        guard data.count >= 2 else { throw .truncated("the zlib header") }
        let method = Int(data[0])
        let flags = Int(data[1])
        guard method & 0x0F == 8 else { throw .badZlibHeader("compression method \(method & 0x0F), expected 8 (deflate)") }
        guard method >> 4 <= 7 else { throw .badZlibHeader("window size 2^\((method >> 4) + 8) exceeds 32 KiB") }
        guard (method * 256 + flags) % 31 == 0 else { throw .badZlibHeader("header check bits are wrong") }
        guard flags & 0x20 == 0 else { throw .badZlibHeader("a preset dictionary is required, which is not supported") }
        let (output, end) = try Deflate.decompress(data, from: 2, outputLimit: outputLimit, expectedSize: expectedSize)
        guard end + 4 <= data.count else { throw .truncated("the zlib Adler-32 trailer") }
        let stored = UInt32(data[end]) << 24 | UInt32(data[end + 1]) << 16 | UInt32(data[end + 2]) << 8 | UInt32(data[end + 3])
        let actual = Adler32.checksum(output)
        guard stored == actual else { throw .checksumMismatch(kind: "Adler-32", expected: stored, actual: actual) }
        return output
    }
}
