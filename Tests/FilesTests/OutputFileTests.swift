import Foundation
import Testing
@testable import Files

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The output policy: links followed, devices and FIFOs written through, regular files replaced atomically,
/// everything else refused with the path named.
@Suite struct OutputFileTests {
    private func temporaryDirectory() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("files-test-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    private func kind(_ path: String) -> mode_t {
        var info = stat()
        guard lstat(path, &info) == 0 else { return 0 }
        return info.st_mode & S_IFMT
    }

    @Test func replacesRegularFilesAndLeavesNoTemporary() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/out.txt"
        try OutputFile.write("first", to: path)
        try OutputFile.write("second", to: path)
        #expect(try String(contentsOfFile: path, encoding: .utf8) == "second")
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory) == ["out.txt"])
    }

    @Test func followsSymbolicLinksAndKeepsThem() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try OutputFile.write("old", to: directory + "/target.txt")
        try FileManager.default.createSymbolicLink(atPath: directory + "/link.txt", withDestinationPath: "target.txt")
        try OutputFile.write("new", to: directory + "/link.txt")
        #expect(kind(directory + "/link.txt") == S_IFLNK)
        #expect(try String(contentsOfFile: directory + "/target.txt", encoding: .utf8) == "new")
        // A dangling link gets its target created.
        try FileManager.default.createSymbolicLink(atPath: directory + "/dangling.txt", withDestinationPath: directory + "/made.txt")
        try OutputFile.write("made", to: directory + "/dangling.txt")
        #expect(kind(directory + "/dangling.txt") == S_IFLNK)
        #expect(try String(contentsOfFile: directory + "/made.txt", encoding: .utf8) == "made")
    }

    @Test func writesThroughFIFOsAndCharacterDevices() async throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let fifo = directory + "/pipe"
        #expect(mkfifo(fifo, 0o600) == 0)
        // The reader runs on its own thread: opening a FIFO for writing blocks until a reader opens it.
        let received: String = await withCheckedContinuation { continuation in
            Thread {
                // A FileHandle reads a FIFO to its end; String(contentsOfFile:) may take its size (0) from stat.
                let data = FileHandle(forReadingAtPath: fifo)?.readDataToEndOfFile() ?? Data()
                continuation.resume(returning: String(decoding: data, as: UTF8.self))
            }.start()
            try? OutputFile.write("through the pipe", to: fifo)
        }
        #expect(received == "through the pipe")
        #expect(kind(fifo) == S_IFIFO)
        try OutputFile.write("discarded", to: "/dev/null")
        #expect(kind("/dev/null") == S_IFCHR)
    }

    @Test func refusedWritesAreErrorsNamingThePath() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        // /dev/full refuses every byte: the write fails instead of replacing the node. Reached through a link
        // so that a broken implementation could only replace the link.
        let full = directory + "/full"
        try FileManager.default.createSymbolicLink(atPath: full, withDestinationPath: "/dev/full")
        #expect(throws: FileError(writing: true, path: full, problem: String(cString: strerror(ENOSPC)))) { try OutputFile.write("x", to: full) }
        #expect(kind(full) == S_IFLNK)
        #expect(throws: FileError(writing: true, path: directory, problem: "is a directory")) { try OutputFile.write("x", to: directory) }
        let missing = directory + "/no/such/out.png"
        #expect(throws: FileError(writing: true, path: missing, problem: "directory '\(directory)/no/such' does not exist")) {
            try OutputFile.prepare(missing)
        }
        #expect(!FileManager.default.fileExists(atPath: directory + "/no"))
        #expect(FileError(writing: true, path: "a/b.png", problem: "is a directory").description == "a/b.png: cannot write: is a directory")
    }

    @Test func staleTemporariesOfTheSameOutputAreRemoved() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/w.safetensors"
        // A process id that cannot be running (beyond any pid_max), one that is (init), another output's temporary.
        let stale = OutputFile.temporaryPath(of: path, process: Int32.max)
        let live = OutputFile.temporaryPath(of: path, process: 1)
        let other = OutputFile.temporaryPath(of: directory + "/v.safetensors", process: Int32.max)
        let old = directory + "/.w.safetensors.\(UUID().uuidString).tmp"
        for file in [stale, live, other, old] { #expect(FileManager.default.createFile(atPath: file, contents: Data())) }
        try OutputFile.prepare(path)
        #expect(!FileManager.default.fileExists(atPath: stale) && !FileManager.default.fileExists(atPath: old))
        #expect(FileManager.default.fileExists(atPath: live) && FileManager.default.fileExists(atPath: other))
    }
}

/// Input files: bytes of regular files, and words (not Foundation error codes) for everything else.
@Suite struct InputFileTests {
    @Test func readsRegularFilesAndNamesEveryOtherCase() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("files-test-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        try OutputFile.write("contents", to: directory + "/in.txt")
        #expect(try InputFile.read(directory + "/in.txt") == Data("contents".utf8))
        #expect(try InputFile.read(directory + "/in.txt").count == 8)
        #expect(throws: FileError(path: directory, problem: "is a directory")) { try InputFile.read(directory) }
        #expect(throws: FileError(path: directory + "/none", problem: "no such file")) { try InputFile.read(directory + "/none") }
        // A device would be read forever.
        #expect(throws: FileError(path: "/dev/zero", problem: "is a device, FIFO or socket, not a regular file")) {
            try InputFile.read("/dev/zero")
        }
    }
}
