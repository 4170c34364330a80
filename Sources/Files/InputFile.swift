import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Why an input file could not be read, in words (never a Foundation error code).
public struct InputFileError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The path as given.
    public let path: String
    /// What is wrong: "no such file", "is a directory", "Permission denied"...
    public let problem: String

    /// An error about `path`.
    public init(path: String, problem: String) {
        self.path = path
        self.problem = problem
    }

    /// `path: problem`.
    public var description: String { "\(path): \(problem)" }
}

/// Reads whole input files (programs, weights) with messages that say what is wrong with the path.
public enum InputFile {
    /// The bytes of the regular file at `path` (links followed); directories, devices and FIFOs are refused, so
    /// `/dev/zero` cannot be read forever.
    public static func read(_ path: String) throws(InputFileError) -> Data {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        guard descriptor >= 0 else {
            throw InputFileError(path: path, problem: errno == ENOENT ? "no such file" : String(cString: strerror(errno)))
        }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw InputFileError(path: path, problem: String(cString: strerror(errno))) }
        switch info.st_mode & S_IFMT {
        case S_IFREG: break
        case S_IFDIR: throw InputFileError(path: path, problem: "is a directory")
        default: throw InputFileError(path: path, problem: "is a device, FIFO or socket, not a regular file")
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
                throw InputFileError(path: path, problem: String(cString: strerror(errno)))
            }
            if count == 0 { break }
            filled += count
        }
        data.count = filled
        return data
    }
}
