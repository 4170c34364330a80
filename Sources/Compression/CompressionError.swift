/// A problem found while decoding or encoding compressed data, without the name of the file it came from
/// (``ZipError`` and the image and data readers add that).
public enum CompressionError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The input ended while `context` was still being read.
    case truncated(String)
    /// A DEFLATE block header named the reserved block type 3.
    case invalidBlockType(Int)
    /// A stored block's length and its one's complement disagree.
    case storedLengthMismatch(length: Int, complement: Int)
    /// A Huffman code description or a decoded symbol is invalid.
    case badHuffmanCode(String)
    /// A back-reference points before the start of the output.
    case distanceTooFarBack(distance: Int, available: Int)
    /// Decoding would produce more than `limit` bytes (zip-bomb guard).
    case outputLimitExceeded(limit: Int)
    /// The two-byte zlib header is malformed or asks for something unsupported.
    case badZlibHeader(String)
    /// A stored checksum (`kind`: CRC-32, Adler-32) does not match the data.
    case checksumMismatch(kind: String, expected: UInt32, actual: UInt32)
    /// A structure's magic number is wrong.
    case badSignature(String, found: UInt32)
    /// A ZIP entry uses a compression method other than stored (0) or deflated (8).
    case unsupportedMethod(Int)
    /// The input uses a format feature this reader does not implement (encryption, ZIP64, multi-disk).
    case unsupportedFeature(String)
    /// A structure's fields contradict each other or the file size.
    case malformed(String)
    /// No entry with this path exists in the archive.
    case entryNotFound(String)
    /// The file could not be read.
    case unreadable(String)

    public var description: String {
        switch self {
        case let .truncated(context): return "data is truncated (ended while reading \(context))"
        case let .invalidBlockType(type): return "invalid DEFLATE block type \(type)"
        case let .storedLengthMismatch(length, complement):
            return "stored block length \(length) does not match its complement \(complement)"
        case let .badHuffmanCode(reason): return "bad Huffman code: \(reason)"
        case let .distanceTooFarBack(distance, available):
            return "back-reference distance \(distance) is too far back (only \(available) bytes decoded)"
        case let .outputLimitExceeded(limit): return "decompressed size exceeds the limit of \(limit) bytes"
        case let .badZlibHeader(reason): return "bad zlib header: \(reason)"
        case let .checksumMismatch(kind, expected, actual):
            return "\(kind) mismatch: stored 0x\(hex(expected)), computed 0x\(hex(actual))"
        case let .badSignature(what, found): return "bad \(what) signature 0x\(hex(found))"
        case let .unsupportedMethod(method): return "unsupported compression method \(method) (only 0 stored and 8 deflated)"
        case let .unsupportedFeature(feature): return "unsupported feature: \(feature)"
        case let .malformed(reason): return "malformed data: \(reason)"
        case let .entryNotFound(path): return "no entry named '\(path)'"
        case let .unreadable(reason): return "cannot read file: \(reason)"
        }
    }
}

private func hex(_ value: UInt32) -> String {
    let digits = String(value, radix: 16, uppercase: true)
    return String(repeating: "0", count: 8 - digits.count) + digits
}
