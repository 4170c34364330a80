import Foundation
import Testing
@testable import CharacterTasks

/// `gns classify` as separate processes, the way a Slurm array or GNU parallel runs it.
@Suite struct ClassifyProcessTests {
    /// The `gns` executable built beside the test bundle (`swift test` builds every product), or nil.
    static var executable: String? {
        let folder = (Bundle.main.executableURL ?? URL(fileURLWithPath: CommandLine.arguments[0])).deletingLastPathComponent()
        for candidate in [folder, folder.deletingLastPathComponent()] {
            let path = candidate.appendingPathComponent("gns").path
            if FileManager.default.isExecutableFile(atPath: path) { return path }
        }
        print("skipping: no gns executable beside the test bundle in \(folder.path) (build the package first)")
        return nil
    }

    /// A started `gns` process and its pipes; its output is a few lines, well under a pipe's buffer.
    struct Running {
        let process: Process
        let output: Pipe, errors: Pipe

        /// Waits for the process: its exit status, standard output and standard error.
        func finish() -> (status: Int32, output: String, errors: String) {
            process.waitUntilExit()
            let out = output.fileHandleForReading.readDataToEndOfFile(), err = errors.fileHandleForReading.readDataToEndOfFile()
            return (process.terminationStatus, String(decoding: out, as: UTF8.self), String(decoding: err, as: UTF8.self))
        }
    }

    static func start(_ executable: String, _ arguments: [String]) throws -> Running {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let running = Running(process: process, output: Pipe(), errors: Pipe())
        process.standardOutput = running.output
        process.standardError = running.errors
        try process.run()
        return running
    }

    static func gns(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String, errors: String) {
        try start(executable, arguments).finish()
    }

    static var data: String {
        ClassificationSupport.packageRoot.deletingLastPathComponent().appendingPathComponent("shared/omniglot").standardized.path
    }

    /// Two shards of run 1's first four classes, run as two processes at once, merge (in a third) into the
    /// unsharded result, trial for trial, and the merge prints the unsharded table.
    @Test func twoShardProcessesMergeToTheUnshardedResult() throws {
        guard try ClassificationSupport.runs() != nil, let gns = Self.executable else { return }
        let slice = ["classify", "--data", Self.data, "--runs", "1", "--classes", "4", "--method", "hausdorff"]
        let whole = try ClassificationSupport.scratchPath("whole.jsonl")
        let single = try Self.gns(gns, slice + ["--out", whole])
        #expect(single.status == 0, "\(single.errors)")
        let shards = try (1...2).map { try ClassificationSupport.scratchPath("shard-\($0).jsonl") }
        let running = try (0..<2).map { try Self.start(gns, slice + ["--shard", "\($0 + 1)/2", "--out", shards[$0]]) }
        for result in running.map({ $0.finish() }) { #expect(result.status == 0, "\(result.errors)") }
        let firstShard = try ResultsFile.read(shards[0]), secondShard = try ResultsFile.read(shards[1])
        #expect(firstShard.count == 2 && secondShard.count == 2)
        #expect(firstShard + secondShard == (try ResultsFile.read(whole)))
        // A glob like shard-*.jsonl also names a shard's parse cache (the gns method writes one): it is skipped.
        let cache = ParseCache.path(beside: shards[0])
        try Data("{\"image\": \"run01/test/item01.png\", \"parses\": []}\n".utf8).write(to: URL(fileURLWithPath: cache))
        let merged = try Self.gns(gns, ["classify", "--data", Self.data, "--runs", "1", "--classes", "4", "--merge", shards[0], cache, shards[1]])
        #expect(merged.status == 0, "\(merged.errors)")
        #expect(merged.errors.contains("skipping \(cache), a parse cache beside the results"))
        #expect(merged.output == single.output)
        #expect(single.output.contains("  all       4"))
    }

    /// Bad options stop with status 2 and a message naming the option.
    @Test(arguments: [(["--runs", "0-3"], "--runs"), (["--runs", "5-2"], "--runs"), (["--shard", "0/0"], "--shard"),
                      (["--shard", "3/2"], "--shard"), (["--method", "nearest"], "--method"), (["--classes", "1"], "--classes"),
                      (["--merge"], "--merge"), (["--merge", "--shard", "1/2", "a.jsonl"], "--shard"), (["a.jsonl"], "FILE")])
    func badOptionsAreUsageErrors(arguments: [String], option: String) throws {
        guard let gns = Self.executable else { return }
        let result = try Self.gns(gns, ["classify", "--data", Self.data] + arguments)
        #expect(result.status == 2)
        #expect(result.errors.contains("option '\(option)'"), "\(result.errors)")
    }
}
