import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why a file could not be read or written; names the path as the user gave it.
public struct FileError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Whether the file was being written (`--out`) rather than read.
    public let writing: Bool
    /// The path as given.
    public let path: String
    /// What is wrong, in words: "no such file", "is a directory", "No space left on device"...
    public let problem: String

    /// An error about reading (or, with `writing`, writing) `path`.
    public init(writing: Bool = false, path: String, problem: String) {
        self.writing = writing
        self.path = path
        self.problem = problem
    }

    /// `path: problem`, or `path: cannot write: problem`.
    public var description: String { writing ? "\(path): cannot write: \(problem)" : "\(path): \(problem)" }
}

/// Reads whole input files (programs, weights) with messages that say what is wrong with the path.
public enum InputFile {
    /// The bytes of the regular file at `path` (links followed); directories, devices and FIFOs are refused, so
    /// `/dev/zero` cannot be read forever.
    public static func read(_ path: String) throws(FileError) -> Data {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else {
            throw FileError(path: path, problem: errno == ENOENT ? "no such file" : String(cString: strerror(errno)))
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw FileError(path: path, problem: String(cString: strerror(errno))) }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw FileError(path: path, problem: "is a directory")
        default: throw FileError(path: path, problem: "is a device, FIFO or socket, not a regular file")
        }
        var data = Data(count: Int(info.st_size))
        var filled = 0
        while true {
            if filled == data.count { data.count += 64 * 1024 }   // the file grew since fstat
            let count = data.withUnsafeMutableBytes { buffer in
                Foundation.read(descriptor, buffer.baseAddress! + filled, buffer.count - filled)
            }
            if count < 0 {
                if errno == EINTR { continue }
                throw FileError(path: path, problem: String(cString: strerror(errno)))
            }
            if count == 0 { break }
            filled += count
        }
        data.count = filled
        return data
    }
}
