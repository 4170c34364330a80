import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Runs the built `gns` and `gns-bench` executables as a user would, capturing what they print and how they end.
enum Tool {
    /// The build products folder: the test bundle and the executables sit side by side in it.
    static let products = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
    /// The package's root folder (for `Programs/` and `Examples/`).
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// How a run ended.
    struct Outcome: CustomStringConvertible {
        /// The exit status, or nil when a signal ended the process.
        var status: Int32?
        /// The signal that ended the process, if any.
        var signal: Int32?
        var output: String
        var errors: String
        var description: String { "status \(status.map(String.init) ?? "-") signal \(signal.map(String.init) ?? "-")\nstdout: \(output)\nstderr: \(errors)" }
    }

    /// Runs `executable` (in `products`) with `arguments`; standard output goes to `stdout` when given.
    static func run(_ arguments: [String], executable: String = "gns", stdout: FileHandle? = nil,
                    environment: [String: String]? = nil, timeout: TimeInterval = 120) throws -> Outcome {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("gns-cli-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let (outPath, errPath) = (scratch.appendingPathComponent("out").path, scratch.appendingPathComponent("err").path)
        FileManager.default.createFile(atPath: outPath, contents: nil)
        FileManager.default.createFile(atPath: errPath, contents: nil)
        let process = Process()
        process.executableURL = products.appendingPathComponent(executable)
        process.arguments = arguments
        if let environment { process.environment = environment }
        process.standardOutput = stdout ?? FileHandle(forWritingAtPath: outPath)
        process.standardError = FileHandle(forWritingAtPath: errPath)
        process.standardInput = FileHandle.nullDevice
        let done = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in done.signal() }
        try process.run()
        if done.wait(timeout: .now() + timeout) == .timedOut {
            kill(process.processIdentifier, SIGKILL)
            done.wait()
        }
        let bySignal = process.terminationReason == .uncaughtSignal
        return Outcome(status: bySignal ? nil : process.terminationStatus, signal: bySignal ? process.terminationStatus : nil,
                       output: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
                       errors: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "")
    }

    /// A fresh scratch folder, removed by the caller.
    static func scratchFolder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("gns-cli-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// Writes `source` to `name` in `folder` and returns its path.
    static func script(_ source: String, in folder: String, name: String = "t.gns") throws -> String {
        let path = folder + "/" + name
        try source.write(toFile: path, atomically: false, encoding: .utf8)
        return path
    }
}
