import Compression
import Images

/// A problem finding or reading Omniglot data; every case names the path concerned.
public enum OmniglotError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The data directory does not exist; `origin` says where its path came from (`--data`, `$GNS_DATA`, default).
    case missingDataDirectory(path: String, origin: String)
    /// The data path names a file, not a directory.
    case dataPathNotADirectory(path: String, origin: String)
    /// None of the files or folders that make up a set were found in the data directory.
    case missingSet(set: String, directory: String, expected: [String])
    /// A file that should exist is absent.
    case missingFile(String)
    /// A file or folder could not be read.
    case unreadable(path: String, reason: String)
    /// A ZIP archive could not be read.
    case archive(ZipError)
    /// A PNG could not be decoded.
    case image(PNGError)
    /// A stroke file line is not `START`, `BREAK` or `x,y,t`.
    case malformedStrokeFile(path: String, line: Int, content: String, reason: String)
    /// A one-shot run's `class_labels.txt` line is malformed or names a missing image.
    case malformedRun(path: String, line: Int, content: String, reason: String)
    /// A path does not follow the release's `alphabet/characterNN/ID_DD` layout.
    case unexpectedLayout(path: String, reason: String)
    /// A stroke (1-based index among the kept strokes) could not be fitted with a spline.
    case splineFit(drawing: String, stroke: Int, reason: String)

    public var description: String {
        switch self {
        case let .missingDataDirectory(path, origin):
            return "Omniglot data directory '\(path)' (from \(origin)) does not exist; pass --data DIR or set GNS_DATA"
        case let .dataPathNotADirectory(path, origin):
            return "Omniglot data path '\(path)' (from \(origin)) is a file, not a directory; pass --data DIR or set GNS_DATA"
        case let .missingSet(set, directory, expected):
            return "no Omniglot \(set) set in '\(directory)': looked for \(expected.joined(separator: ", ")) (as .zip or folder)"
        case let .missingFile(path): return "\(path): no such file"
        case let .unreadable(path, reason): return "\(path): \(reason)"
        case let .archive(error): return error.description
        case let .image(error): return error.description
        case let .malformedStrokeFile(path, line, content, reason):
            return "\(path):\(line): \(reason): '\(content)'"
        case let .malformedRun(path, line, content, reason):
            return "\(path):\(line): \(reason): '\(content)'"
        case let .unexpectedLayout(path, reason): return "\(path): \(reason)"
        case let .splineFit(drawing, stroke, reason): return "\(drawing): stroke \(stroke): spline fit failed: \(reason)"
        }
    }
}
