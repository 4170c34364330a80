import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one place files are written (weights, checkpoints, images, tables), under one policy:
///
/// - **Symbolic links are followed**: the link stays and its target is written (created if it is missing and
///   its directory exists).
/// - **Character devices and FIFOs are written through** in place (`--out /dev/stdout`, `/dev/null`, a named
///   pipe, which blocks until a reader opens it); a write they refuse (`/dev/full`) is an error.
/// - **Regular files are replaced atomically**: the bytes go to `.NAME.PID.tmp` beside the target, which is
///   then renamed over it, so an interrupted write leaves the previous file intact. Temporaries of the same
///   output whose process is gone (a `kill -9` mid-write) are removed by the next `prepare` or `write`.
/// - **Anything else is refused**: directories, sockets, block devices, and paths whose directory does not
///   exist (directories are never created here).
public enum OutputFile {
    /// Checks, before any long work, that `path` can be written under the policy, and removes stale
    /// temporaries of it; `write` checks again.
    public static func prepare(_ path: String) throws(FileError) {
        let target = try resolve(path)
        if case let .replace(real) = target { removeStaleTemporaries(of: real) }
    }

    /// Writes `bytes` to `path` under the policy.
    public static func write(_ bytes: Data, to path: String) throws(FileError) {
        switch try resolve(path) {
        case let .through(device):
            let descriptor = open(device, O_WRONLY | O_CLOEXEC)
            guard descriptor >= 0 else { throw FileError(writing: true, path: path, problem: lastError()) }
            defer { close(descriptor) }
            if let problem = writeAll(bytes, to: descriptor) { throw FileError(writing: true, path: path, problem: problem) }
        case let .replace(real):
            removeStaleTemporaries(of: real)
            let temporary = temporaryPath(of: real, process: getpid())
            unlink(temporary)
            let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o666)
            guard descriptor >= 0 else { throw FileError(writing: true, path: path, problem: lastError()) }
            var problem = writeAll(bytes, to: descriptor)
            if close(descriptor) != 0, problem == nil { problem = lastError() }
            if problem == nil, rename(temporary, real) != 0 { problem = lastError() }
            if let problem {
                unlink(temporary)
                throw FileError(writing: true, path: path, problem: problem)
            }
        }
    }

    /// Writes `text` as UTF-8 to `path` under the policy.
    public static func write(_ text: String, to path: String) throws(FileError) {
        try write(Data(text.utf8), to: path)
    }

    /// How a path is written: through an existing device or FIFO, or by replacing the regular file at a real path.
    enum Target: Equatable {
        case through(String)
        case replace(String)
    }

    /// Applies the policy to `path`: follows links, classifies what is there, checks the directory.
    static func resolve(_ path: String) throws(FileError) -> Target {
        guard !path.isEmpty else { throw FileError(writing: true, path: path, problem: "the path is empty") }
        var info = stat()
        if stat(path, &info) == 0 {
            switch info.st_mode & S_IFMT {
            case S_IFREG:
                guard let real = realPath(path) else { throw FileError(writing: true, path: path, problem: lastError()) }
                return .replace(real)
            case S_IFCHR, S_IFIFO: return .through(path)
            case S_IFDIR: throw FileError(writing: true, path: path, problem: "is a directory")
            case S_IFSOCK: throw FileError(writing: true, path: path, problem: "is a socket; only regular files, character devices and FIFOs are written")
            default: throw FileError(writing: true, path: path, problem: "is a block device or other special file; only regular files, character devices and FIFOs are written")
            }
        }
        guard errno == ENOENT else { throw FileError(writing: true, path: path, problem: lastError()) }
        // Nothing there: a new file, possibly the missing target of a dangling link.
        var missing = path
        for _ in 0..<40 {
            guard let link = linkTarget(missing) else {
                let directory = (missing as NSString).deletingLastPathComponent
                let parent = directory.isEmpty ? "." : directory
                var parentInfo = stat()
                guard stat(parent, &parentInfo) == 0, parentInfo.st_mode & S_IFMT == S_IFDIR else {
                    throw FileError(writing: true, path: path, problem: "directory '\(parent)' does not exist")
                }
                guard let real = realPath(parent) else { throw FileError(writing: true, path: path, problem: lastError()) }
                return .replace((real as NSString).appendingPathComponent((missing as NSString).lastPathComponent))
            }
            missing = link.hasPrefix("/") ? link : ((missing as NSString).deletingLastPathComponent as NSString).appendingPathComponent(link)
        }
        throw FileError(writing: true, path: path, problem: "too many levels of symbolic links")
    }

    /// The temporary `write` uses for `target` in process `process`.
    static func temporaryPath(of target: String, process: pid_t) -> String {
        let directory = (target as NSString).deletingLastPathComponent
        return (directory as NSString).appendingPathComponent(".\((target as NSString).lastPathComponent).\(process).tmp")
    }

    /// Removes `.NAME.PID.tmp` files beside `target` whose process no longer runs (and `.NAME.UUID.tmp` ones an
    /// earlier writer left).
    static func removeStaleTemporaries(of target: String) {
        let directory = (target as NSString).deletingLastPathComponent
        let prefix = ".\((target as NSString).lastPathComponent)."
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: directory) else { return }
        for name in names where name.hasPrefix(prefix) && name.hasSuffix(".tmp") {
            let middle = String(name.dropFirst(prefix.count).dropLast(".tmp".count))
            let stale: Bool
            if let process = pid_t(middle) {
                stale = process != getpid() && kill(process, 0) != 0 && errno == ESRCH
            } else {
                stale = UUID(uuidString: middle) != nil
            }
            if stale { unlink((directory as NSString).appendingPathComponent(name)) }
        }
    }

    private static func writeAll(_ bytes: Data, to descriptor: Int32) -> String? {
        bytes.withUnsafeBytes { buffer -> String? in
            var offset = 0
            while offset < buffer.count {
                let written = systemWrite(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return lastError()
                }
                offset += written
            }
            return nil
        }
    }

    private static func realPath(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    private static func linkTarget(_ path: String) -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let count = readlink(path, &buffer, buffer.count - 1)
        guard count >= 0 else { return nil }
        return String(decoding: buffer[..<count].map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    private static func lastError() -> String { String(cString: strerror(errno)) }
}

/// `write(2)`, named apart from `OutputFile.write`, which would shadow it inside the type.
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
    write(descriptor, bytes, count)
}
