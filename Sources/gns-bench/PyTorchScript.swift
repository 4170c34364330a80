import Foundation

/// A PyTorch comparison script under `Benchmarks/`, run with `python3 SCRIPT --json ...`; it prints one JSON
/// object of row label -> time (the unit is the script's and its caller's business).
struct PyTorchScript {
    /// The script's path from the repository root, e.g. `Benchmarks/tensor_bench.py`.
    let relativePath: String

    /// The script found from the current directory, or else from the folders above this executable or above
    /// this source file, so the comparison works whatever directory the tool is started from.
    func locate() throws(BenchError) -> String {
        let fileManager = FileManager.default
        var roots = [fileManager.currentDirectoryPath]
        for start in [Bundle.main.executablePath ?? CommandLine.arguments[0], #filePath] {
            var folder = URL(fileURLWithPath: start).resolvingSymlinksInPath().deletingLastPathComponent()
            while folder.path != "/" && !folder.path.isEmpty {
                roots.append(folder.path)
                folder = folder.deletingLastPathComponent()
            }
        }
        for root in roots where fileManager.fileExists(atPath: root + "/" + relativePath) {
            return root + "/" + relativePath
        }
        throw .missing(relativePath)
    }

    /// Runs the script with `--json` and `arguments` (its standard error passes through) and reads its timings.
    func run(arguments: [String] = []) throws(BenchError) -> [String: Double] {
        let path = try locate()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", path, "--json"] + arguments
        let pipe = Pipe()
        process.standardOutput = pipe
        do { try process.run() } catch { throw .pythonUnavailable("cannot start /usr/bin/env python3: \(error)") }
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        switch process.terminationStatus {
        case 0: return try Self.timings(output, source: relativePath)
        case 127: throw .pythonUnavailable("python3 is not on PATH")
        case Self.torchMissingStatus: throw .pythonUnavailable("python3 cannot import torch")
        case let status: throw .scriptFailed(relativePath, status)
        }
    }

    /// The exit status the scripts use when `import torch` fails.
    static let torchMissingStatus: Int32 = 3

    /// Timings saved earlier with `python3 SCRIPT --json > FILE`.
    static func load(_ path: String) throws(BenchError) -> [String: Double] {
        guard let data = FileManager.default.contents(atPath: path) else { throw .unreadable(path) }
        return try timings(data, source: path)
    }

    private static func timings(_ data: Data, source: String) throws(BenchError) -> [String: Double] {
        guard let timings = try? JSONSerialization.jsonObject(with: data) as? [String: Double] else {
            throw .badTimings(source)
        }
        return timings
    }
}

/// Why a PyTorch comparison could not be made.
enum BenchError: Error, CustomStringConvertible {
    case missing(String)
    case unreadable(String)
    case pythonUnavailable(String)
    case scriptFailed(String, Int32)
    case badTimings(String)

    var description: String {
        switch self {
        case let .missing(path): "\(path) not found in the current directory or above the gns-bench executable"
        case let .unreadable(path): "\(path): cannot read the file"
        case let .pythonUnavailable(reason): reason
        case let .scriptFailed(path, status): "\(path) exited with status \(status)"
        case let .badTimings(source): "\(source): expected a JSON object of benchmark label -> time"
        }
    }
}
