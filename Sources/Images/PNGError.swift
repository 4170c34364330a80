import Compression

/// A PNG that cannot be read or written: the file's path and the problem.
public struct PNGError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What is wrong with the PNG data.
    public enum Problem: Error, Equatable, Sendable, CustomStringConvertible {
        /// The first eight bytes are not the PNG signature.
        case badSignature
        /// The data ends inside the named chunk (or before a required one).
        case truncated(String)
        /// A chunk's stored CRC-32 does not match its type and data.
        case chunkCRCMismatch(chunk: String, expected: UInt32, actual: UInt32)
        /// A required chunk (IHDR, IDAT, PLTE) is missing or out of order.
        case missingChunk(String)
        /// IHDR holds an invalid or unsupported combination.
        case badHeader(String)
        /// A critical chunk this decoder does not know.
        case unknownCriticalChunk(String)
        /// A palette or transparency chunk is malformed, or an index exceeds the palette.
        case badPalette(String)
        /// A row names a filter type other than 0...4.
        case badFilter(type: Int, row: Int)
        /// The compressed image data does not decode.
        case compression(CompressionError)
        /// The decompressed image data has the wrong length.
        case imageDataSize(found: Int, expected: Int)
        /// The image is too large to decode (more than ``PNG/maximumDataSize`` bytes of raw data).
        case tooLarge(width: Int, height: Int)
        /// The file could not be read or written.
        case io(String)

        public var description: String {
            switch self {
            case .badSignature: return "not a PNG file (bad signature)"
            case let .truncated(what): return "file is truncated (in \(what))"
            case let .chunkCRCMismatch(chunk, expected, actual):
                return "CRC mismatch in chunk \(chunk): stored 0x\(String(expected, radix: 16)), computed 0x\(String(actual, radix: 16))"
            case let .missingChunk(what): return "missing or misplaced \(what) chunk"
            case let .badHeader(reason): return "bad IHDR: \(reason)"
            case let .unknownCriticalChunk(name): return "unknown critical chunk \(name)"
            case let .badPalette(reason): return "bad palette: \(reason)"
            case let .badFilter(type, row): return "invalid filter type \(type) on row \(row)"
            case let .compression(error): return "image data: \(error)"
            case let .imageDataSize(found, expected): return "image data is \(found) bytes, expected \(expected)"
            case let .tooLarge(width, height): return "image of \(width)x\(height) pixels is too large"
            case let .io(reason): return reason
            }
        }
    }

    /// Path of the PNG file, or a label for in-memory data.
    public let path: String
    /// What went wrong.
    public let problem: Problem

    /// A failure reading or writing `path`.
    public init(path: String, problem: Problem) {
        self.path = path
        self.problem = problem
    }

    public var description: String { "\(path): \(problem)" }
}
