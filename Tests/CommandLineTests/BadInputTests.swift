import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Bad input, as a careful user or an attacker gives it, ends in a clear message and status 1 (program or data)
/// or 2 (usage): never a signal, a hang or a silent success (issue 14; numbers are its items).
@Suite(.serialized) struct BadInputTests {
    /// A model file of the checkout, wherever under `Programs/` it lives.
    static func program(_ name: String) -> String {
        let base = Tool.root.appendingPathComponent("Programs").path
        let found = FileManager.default.enumerator(atPath: base)?.compactMap { $0 as? String }.first { ($0 as NSString).lastPathComponent == name }
        return base + "/" + (found ?? name)
    }

    // 1
    @Test func hugePoissonRateIsAProgramError() throws {
        let folder = try Tool.scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        for rate in ["1e300", "1e19", "9.3e18"] {
            let outcome = try Tool.run(["run", try Tool.script("print(\"before\")\nsample(\"q\", poisson(\(rate)))", in: folder)])
            #expect(outcome.status == 1, "\(outcome)")
            #expect(outcome.errors.contains("t.gns:2:") && outcome.errors.contains("poisson: rate = \(rate == "9.3e18" ? "9.3e+18" : rate == "1e19" ? "1e+19" : "1e+300") must be at most 1e15"), "\(outcome)")
            #expect(outcome.output == "before\n")
        }
    }

    // 2
    @Test func absurdTemperaturesAreErrorsNamingTheValue() throws {
        let sample = try Tool.run(["sample", "--temperature", "1e38", "--untrained", "1", "--count", "1", "--out", "/dev/null"])
        #expect(sample.status == 2 && sample.errors.contains("'--temperature' expects a number in (0, 100]") && sample.errors.contains("1e38"), "\(sample)")
        let folder = try Tool.scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let script = try Tool.script("import \"\(Self.program("character.gns"))\"\nprint(generate_character(nil, 1e38))", in: folder)
        let outcome = try Tool.run(["run", script, "--seed", "2"])
        #expect(outcome.status == 1, "\(outcome)")
        #expect(outcome.errors.contains("error:") && outcome.errors.contains("coordinates"), "\(outcome)")
    }

    // 4, 8
    @Test func trainingOptionsOutOfRangeAreUsageErrors() throws {
        let folder = try Tool.scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let out = folder + "/w.safetensors"
        for (option, value, expected) in [("batch-size", "0", "a positive integer"), ("epochs", "0", "a positive integer"),
                                          ("learning-rate", "-0.1", "a positive finite number"), ("max-minutes", "-5", "a positive finite number"),
                                          ("patience", "0", "a positive integer")] {
            let outcome = try Tool.run(["train", "stroke", "--out", out, "--data", folder, "--\(option)", value])
            #expect(outcome.status == 2, "\(outcome)")
            #expect(outcome.errors.contains("'--\(option)' expects \(expected), got '\(value)'"), "\(outcome)")
        }
        // A named output folder is never created: the run refuses before reading any data.
        let missing = folder + "/no/such/dir/x.safetensors"
        let outcome = try Tool.run(["train", "stroke", "--out", missing, "--data", folder])
        #expect(outcome.status == 2 && outcome.errors.contains("directory '\(folder)/no/such/dir' does not exist"), "\(outcome)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/no"))
    }

    // 5
    @Test func memoryGuardStopsRunawayValues() throws {
        let folder = try Tool.scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let range = try Tool.run(["run", try Tool.script("print(len(range(0, 1e8)))", in: folder)])
        #expect(range.status == 1 && range.errors.contains("t.gns:1:11: error: range: a range of 100000000 elements would pass the memory limit"), "\(range)")
        let particles = try Tool.run(["run", try Tool.script("def m() { return sample(\"x\", normal(0, 1)) }\nimportance(m, [], particles: 1e9)", in: folder)])
        #expect(particles.status == 1 && particles.errors.contains("particles of 1000000000 elements"), "\(particles)")
        // --max-elements moves the limit both ways.
        let small = try Tool.run(["run", try Tool.script("print(len(range(0, 10)))", in: folder), "--max-elements", "5"])
        #expect(small.status == 1 && small.errors.contains("raise it with --max-elements"), "\(small)")
        let zero = try Tool.run(["run", try Tool.script("print(1)", in: folder), "--max-steps", "0"])
        #expect(zero.status == 2 && zero.errors.contains("'--max-steps' expects a positive integer, got '0'"), "\(zero)")
    }

    // 6
    @Test func printedLinesReachStandardOutputBeforeTheProgramEnds() throws {
        let folder = try Tool.scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let script = try Tool.script("print(\"still here\")\nwhile true { }", in: folder)
        // Standard output is a pipe (block-buffered by default): the line must arrive while the loop runs.
        let pipe = Pipe()
        let process = Process()
        process.executableURL = Tool.products.appendingPathComponent("gns")
        process.arguments = ["run", script, "--max-steps", "1000000000000"]
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        defer { kill(process.processIdentifier, SIGKILL); process.waitUntilExit() }
        let line = DispatchSemaphore(value: 0)
        nonisolated(unsafe) var received = Data()
        DispatchQueue.global().async {
            received = pipe.fileHandleForReading.availableData
            line.signal()
        }
        #expect(line.wait(timeout: .now() + 60) == .success)
        #expect(String(decoding: received, as: UTF8.self) == "still here\n")
        #expect(process.isRunning)
    }

    // 7
    @Test func failedWritesToStandardOutputAreErrors() throws {
        let folder = try Tool.scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let full = try #require(FileHandle(forWritingAtPath: "/dev/full"))
        let outcome = try Tool.run(["run", try Tool.script("print(\"lost\")", in: folder)], stdout: full)
        #expect(outcome.status == 1 && outcome.errors.contains("gns: cannot write standard output"), "\(outcome)")
    }

    // 7
    @Test func outputPathsFollowOnePolicy() throws {
        let folder = try Tool.scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // A symlink is followed and kept.
        try FileManager.default.createSymbolicLink(atPath: folder + "/link.png", withDestinationPath: folder + "/target.png")
        let linked = try Tool.run(["sample", "--untrained", "1", "--count", "1", "--out", folder + "/link.png"])
        #expect(linked.status == 0, "\(linked)")
        #expect((try? FileManager.default.destinationOfSymbolicLink(atPath: folder + "/link.png")) == folder + "/target.png")
        #expect(FileManager.default.contents(atPath: folder + "/target.png")?.prefix(4) == Data([0x89, 0x50, 0x4E, 0x47]))
        // A directory is refused before any sampling, naming the path.
        let directory = try Tool.run(["sample", "--untrained", "1", "--count", "1", "--out", folder])
        #expect(directory.status == 2 && directory.errors.contains("'--out' expects a writable path (is a directory), got '\(folder)'"), "\(directory)")
    }

    // 10
    @Test func resumeRefusesChangedSettingsNamingTheCheckpointsValues() throws {
        let folder = try Tool.scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        try Checkpoints.write(to: folder + "/s.checkpoint.safetensors", batchSize: 64, learningRate: 0.001)
        let changed = try Tool.run(["train", "stroke", "--resume", "--out", folder + "/s.safetensors", "--data", folder,
                                    "--batch-size", "32", "--learning-rate", "5", "--epochs", "7"])
        #expect(changed.status == 2, "\(changed)")
        #expect(changed.errors.contains("--batch-size 32 (the checkpoint's is 64), --learning-rate 5 (the checkpoint's is 0.001)"), "\(changed)")
        // The same values, or none, and a new epoch budget are accepted: the run goes on to read the data (absent here).
        let same = try Tool.run(["train", "stroke", "--resume", "--out", folder + "/s.safetensors", "--data", folder + "/none",
                                 "--batch-size", "64", "--epochs", "7"])
        #expect(same.status == 1 && same.errors.contains("does not exist"), "\(same)")
    }

    // 11
    @Test func staleTemporariesOfTheOutputsAreRemoved() throws {
        let folder = try Tool.scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        // Left by a run killed mid-write (its process id is not running).
        let stale = [folder + "/.s.checkpoint.safetensors.2147483647.tmp", folder + "/.s.safetensors.2147483647.tmp"]
        for path in stale { #expect(FileManager.default.createFile(atPath: path, contents: Data("partial".utf8))) }
        let outcome = try Tool.run(["train", "stroke", "--out", folder + "/s.safetensors", "--data", folder + "/none"])
        #expect(outcome.status == 1, "\(outcome)")
        #expect(stale.allSatisfy { !FileManager.default.fileExists(atPath: $0) })
    }

    // 14
    @Test func messagesNameTheRealProblem() throws {
        let folder = try Tool.scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let file = try Tool.script("not a directory", in: folder, name: "passwd")
        let data = try Tool.run(["data", "stats", "--data", file])
        #expect(data.status == 1 && data.errors.contains("is a file, not a directory"), "\(data)")
        let untrained = try Tool.run(["sample", "--untrained", "-5", "--out", folder + "/x.png"])
        #expect(untrained.status == 2, "\(untrained)")
        #expect(untrained.errors.contains("sample: option '--untrained' expects a non-negative integer, got '-5'") && !untrained.errors.contains("sample: sample:"), "\(untrained)")
    }

    // 14: a damaged strokes zip's error starts its own line instead of ending data stats' progress line.
    @Test func errorsStartOnTheirOwnLineAfterProgress() throws {
        let folder = try Tool.scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let character = folder + "/images_background/Alphabet/character01"
        try FileManager.default.createDirectory(atPath: character, withIntermediateDirectories: true)
        let stroke = Data("START\n10,-10,0\n40,-40,10\nBREAK\n".utf8)
        var entries: [(name: String, data: Data, crc: UInt32)] = []
        for drawer in 1...3 {
            try Data(Self.tinyPNG).write(to: URL(fileURLWithPath: character + "/0101_0\(drawer).png"))
            // The last entry's checksum is wrong: reading it fails after the first ones were counted.
            entries.append(("strokes_background/Alphabet/character01/0101_0\(drawer).txt", stroke, drawer == 3 ? 0 : Self.crc32(stroke)))
        }
        try Self.storedZip(entries).write(to: URL(fileURLWithPath: folder + "/strokes_background.zip"))
        let outcome = try Tool.run(["data", "stats", "--data", folder])
        #expect(outcome.status == 1, "\(outcome)")
        #expect(outcome.errors.contains("stroke files 1/3"), "\(outcome)")
        let errorLine = outcome.errors.split(separator: "\n").first { $0.contains("gns data stats:") }
        #expect(errorLine?.hasPrefix("gns data stats:") == true, "\(outcome)")
    }

    /// A ZIP archive of uncompressed entries with the given CRC-32s.
    static func storedZip(_ entries: [(name: String, data: Data, crc: UInt32)]) -> Data {
        func le(_ value: Int, _ bytes: Int) -> [UInt8] { (0..<bytes).map { UInt8(truncatingIfNeeded: value >> (8 * $0)) } }
        var archive = Data(), directory = Data()
        for entry in entries {
            let name = Array(entry.name.utf8), offset = archive.count
            let common = le(20, 2) + le(0, 2) + le(0, 2) + le(0, 2) + le(0, 2) + le(Int(entry.crc), 4)
                + le(entry.data.count, 4) + le(entry.data.count, 4) + le(name.count, 2) + le(0, 2)
            archive += le(0x0403_4B50, 4) + common + name
            archive += entry.data
            directory += le(0x0201_4B50, 4) + le(20, 2) + common + le(0, 2) + le(0, 2) + le(0, 2) + le(0, 4) + le(offset, 4) + name
        }
        let end = le(0x0605_4B50, 4) + le(0, 2) + le(0, 2) + le(entries.count, 2) + le(entries.count, 2)
            + le(directory.count, 4) + le(archive.count, 4) + le(0, 2)
        return archive + directory + Data(end)
    }

    /// CRC-32 (IEEE, reflected), bit by bit.
    static func crc32(_ data: Data) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in data {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    /// A 1x1 grey PNG.
    static let tinyPNG: [UInt8] = [
        0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x00, 0x00, 0x01,
        0x00, 0x00, 0x00, 0x01, 0x08, 0x00, 0x00, 0x00, 0x00, 0x3A, 0x7E, 0x9B, 0x55, 0x00, 0x00, 0x00, 0x0A, 0x49, 0x44, 0x41,
        0x54, 0x78, 0x9C, 0x63, 0x60, 0x00, 0x00, 0x00, 0x02, 0x00, 0x01, 0xE5, 0x27, 0xDE, 0xFC, 0x00, 0x00, 0x00, 0x00, 0x49,
        0x45, 0x4E, 0x44, 0xAE, 0x42, 0x60, 0x82,
    ]

    @Test func resultsFilesOfLongRunsAreCheckedBeforeWork() throws {
        // --resume needs the file it continues, and a file of another command is refused, not appended to.
        let folder = try Tool.scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let resumeAlone = try Tool.run(["likelihood", "--parse-cache", folder + "/none.jsonl", "--resume"])
        #expect(resumeAlone.status == 2 && resumeAlone.errors.contains("--out"), "\(resumeAlone)")
        let other = folder + "/other.tsv"
        try "something else\n".write(toFile: other, atomically: true, encoding: .utf8)
        let wrongFile = try Tool.run(["parse-agreement", "--out", other, "--resume", "--limit", "1"])
        #expect(wrongFile.status == 2 && wrongFile.errors.contains("header differs"), "\(wrongFile)")
        #expect(try String(contentsOfFile: other, encoding: .utf8) == "something else\n")
        // A results file of the command whose line has the wrong number of fields is refused, naming the line.
        let own = folder + "/own.tsv"
        _ = try Tool.run(["likelihood", "--parse-cache", folder + "/none.jsonl", "--out", own])
        try (try String(contentsOfFile: own, encoding: .utf8) + "a\tb\n").write(toFile: own, atomically: true, encoding: .utf8)
        let corrupt = try Tool.run(["likelihood", "--parse-cache", folder + "/none.jsonl", "--out", own, "--resume"])
        #expect(corrupt.status == 2 && corrupt.errors.contains("line 2 has 2 fields"), "\(corrupt)")
    }
}
