import Arguments
import Dispatch
import Foundation
import Random

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// `gns-bench fuzz`: mutates the `.gns` files of `Programs/` and `Examples/` and runs `gns check` and `gns run` on
/// each mutant with a timeout. Every run must end with status 0, 1 or 2, and a non-zero status must come with a
/// message; a signal (a trap, a crash), a timeout or a silent failure is a finding, and its mutant is kept.
/// Mutant `i` of seed `s` depends only on (`s`, `i`), so `--first i --count 1` reproduces one.
enum Fuzz {
    static let command = Subcommand(
        CommandSpec(
            name: "fuzz",
            summary: "Mutate the .gns programs and examples, run gns check and gns run on each mutant, report exit statuses and signals.",
            options: [
                .value("count", "N", help: "Mutants to try.", default: "200"),
                .value("seed", "N", help: "Seed of the mutations.", default: "1"),
                .value("first", "I", help: "Index of the first mutant (to reproduce one: --first I --count 1).", default: "0"),
                .value("timeout", "SECONDS", help: "Wall-clock limit per gns run.", default: "30"),
                .value("jobs", "N", help: "Mutants run at once.", default: "2"),
                .value("max-steps", "N", help: "gns run --max-steps for each mutant (bounds each run's time).", default: "2000000"),
                .value("root", "DIR", help: "Checkout whose Programs/ and Examples/ are mutated; default: the one gns-bench was built from."),
                .value("gns", "PATH", help: "The gns executable; default: the one beside gns-bench."),
                .value("keep", "DIR", help: "Where findings' mutants are written (default: a temporary folder)."),
            ]
        )
    ) { arguments in
        let count = try arguments.int("count", atLeast: 1) ?? 200
        let seed = UInt64(try arguments.int("seed", atLeast: 0) ?? 1)
        let first = try arguments.int("first", atLeast: 0) ?? 0
        let timeout = try arguments.positiveDouble("timeout") ?? 30
        let jobs = try arguments.int("jobs", atLeast: 1) ?? 2
        let maxSteps = try arguments.int("max-steps", atLeast: 1) ?? 2_000_000
        let root = arguments.string("root") ?? checkoutRoot
        let gns = arguments.string("gns")
            ?? URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent().appendingPathComponent("gns").path
        guard FileManager.default.isExecutableFile(atPath: gns) else {
            throw ArgumentError.invalidValue(option: "--gns", value: gns, expected: "the gns executable (build it: swift build -c release)", command: "fuzz")
        }
        let sources = try sourceFiles(under: root)
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("gns-fuzz-\(getpid())").path
        let keep = arguments.string("keep") ?? scratch + "/findings"
        try FileManager.default.createDirectory(atPath: keep, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: scratch + "/work") }
        print("fuzz: \(count) mutants of \(sources.count) files under \(root) (seed \(seed), first \(first)), check + run --max-steps \(maxSteps), timeout \(timeout) s, \(jobs) jobs")

        let tally = Tally()
        let started = Date()
        DispatchQueue.concurrentPerform(iterations: jobs) { worker in
            for index in stride(from: first + worker, to: first + count, by: jobs) {
                let mutant = Mutant(index: index, seed: seed, sources: sources)
                let folder = "\(scratch)/work/\(worker)"
                do {
                    let path = try mutant.write(into: folder)
                    for command in [["check", path], ["run", path, "--seed", "0", "--max-steps", String(maxSteps)]] {
                        let outcome = try runOnce(gns, command, timeout: timeout, errorFile: "\(scratch)/work/errors-\(worker)")
                        if let finding = outcome.finding {
                            let saved = "\(keep)/mutant-\(seed)-\(index)-\((mutant.source as NSString).lastPathComponent)"
                            try? FileManager.default.copyItem(atPath: folder, toPath: saved)
                            tally.record(command[0], outcome, finding: "\(finding): mutant \(index) of \(mutant.source) [\(mutant.mutations.joined(separator: ", "))], kept in \(saved): gns \(command.joined(separator: " "))")
                        } else {
                            tally.record(command[0], outcome, finding: nil)
                        }
                    }
                } catch {
                    tally.note("mutant \(index): \(error)")
                }
                if (index - first + 1) % 500 == 0 { progressLine("  \(index - first + 1)/\(count) mutants, \(tally.findings.count) findings") }
            }
        }
        print(tally.report(mutants: count, seconds: Date().timeIntervalSince(started)))
        return tally.findings.isEmpty ? 0 : 1
    }

    /// The checkout this tool was built from.
    static let checkoutRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent().path

    /// Every `.gns` file under `root/Programs` and `root/Examples`, sorted (so a seed names the same mutants).
    static func sourceFiles(under root: String) throws -> [String] {
        var files: [String] = []
        for folder in ["Programs", "Examples"] {
            let base = root + "/" + folder
            guard let walker = FileManager.default.enumerator(atPath: base) else { continue }
            for case let relative as String in walker where relative.hasSuffix(".gns") { files.append(base + "/" + relative) }
        }
        guard !files.isEmpty else {
            throw ArgumentError.invalidValue(option: "--root", value: root, expected: "a checkout with .gns files in Programs/ and Examples/", command: "fuzz")
        }
        return files.sorted()
    }

    /// How one run ended.
    struct Outcome {
        /// The exit status, unless a signal ended the run.
        var status: Int32?
        /// The signal that ended the run (not counting the timeout's kill).
        var signal: Int32?
        var timedOut: Bool
        /// The start of what the run wrote to standard error.
        var errorText: String

        /// What is wrong with this ending, or nil for a clean one.
        var finding: String? {
            if timedOut { return "timeout" }
            if let signal { return "signal \(signal)" }
            guard let status else { return "no status" }
            if status > 2 { return "exit status \(status)" }
            if status != 0 && errorText.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty { return "exit status \(status) without a message" }
            return nil
        }
    }

    /// Runs `gns arguments` with standard output discarded and standard error in `errorFile`, killing it after
    /// `timeout` seconds.
    static func runOnce(_ gns: String, _ arguments: [String], timeout: Double, errorFile: String) throws -> Outcome {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: gns)
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = FileHandle.nullDevice
        _ = FileManager.default.createFile(atPath: errorFile, contents: nil)
        guard let errors = FileHandle(forWritingAtPath: errorFile) else { throw CocoaError(.fileWriteUnknown) }
        defer { try? errors.close() }
        process.standardError = errors
        let done = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in done.signal() }
        try process.run()
        var timedOut = false
        if done.wait(timeout: .now() + timeout) == .timedOut {
            timedOut = true
            kill(process.processIdentifier, SIGKILL)
            done.wait()
        }
        let errorData = FileManager.default.contents(atPath: errorFile) ?? Data()
        let bySignal = process.terminationReason == .uncaughtSignal
        return Outcome(status: bySignal ? nil : process.terminationStatus, signal: bySignal && !timedOut ? process.terminationStatus : nil,
                       timedOut: timedOut, errorText: String(decoding: errorData.prefix(4096), as: UTF8.self))
    }

    /// Counts outcomes per command and collects findings (thread-safe).
    final class Tally: @unchecked Sendable {
        private let lock = NSLock()
        private var statuses: [String: [String: Int]] = [:]
        private(set) var findings: [String] = []
        private var notes: [String] = []

        func record(_ command: String, _ outcome: Outcome, finding: String?) {
            let key = outcome.timedOut ? "timeout" : outcome.signal.map { "signal \($0)" } ?? "exit \(outcome.status ?? -1)"
            lock.withLock {
                statuses[command, default: [:]][key, default: 0] += 1
                if let finding { findings.append(finding) }
            }
        }

        func note(_ text: String) { lock.withLock { notes.append(text) } }

        func report(mutants: Int, seconds: Double) -> String {
            lock.withLock {
                var lines: [String] = []
                for command in statuses.keys.sorted() {
                    let counts = statuses[command]!.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }
                    lines.append("  gns \(command): " + counts.joined(separator: ", "))
                }
                let signals = findings.filter { $0.hasPrefix("signal") }.count
                let timeouts = findings.filter { $0.hasPrefix("timeout") }.count
                lines.append(String(format: "fuzz: %d mutants in %.0f s: %d signals, %d timeouts, %d other findings",
                                    mutants, seconds, signals, timeouts, findings.count - signals - timeouts))
                lines += findings.sorted().map { "  finding: " + $0 }
                lines += notes.map { "  note: " + $0 }
                return lines.joined(separator: "\n")
            }
        }
    }
}

/// One mutant: a source file with one to three mutations, determined by (seed, index).
struct Mutant {
    /// The file mutated.
    let source: String
    /// The mutated bytes.
    let bytes: [UInt8]
    /// What was done, for the report.
    let mutations: [String]

    init(index: Int, seed: UInt64, sources: [String]) {
        var generator = SeededGenerator(seed: seed, stream: UInt64(index))
        source = sources[Int(generator.next() % UInt64(sources.count))]
        var bytes = Self.cutInferenceBudgets([UInt8](FileManager.default.contents(atPath: source) ?? Data()))
        var mutations: [String] = []
        for _ in 0..<(1 + Int(generator.next() % 3)) {
            mutations.append(Self.mutate(&bytes, &generator))
        }
        self.bytes = bytes
        self.mutations = mutations
    }

    /// Copies the source's folder (so its imports resolve) into `folder`, writes the mutant over its file, and
    /// returns the mutant's path.
    func write(into folder: String) throws -> String {
        try? FileManager.default.removeItem(atPath: folder)
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let directory = (source as NSString).deletingLastPathComponent
        for name in try FileManager.default.contentsOfDirectory(atPath: directory) where name.hasSuffix(".gns") {
            try FileManager.default.copyItem(atPath: directory + "/" + name, toPath: folder + "/" + name)
        }
        let path = folder + "/" + (source as NSString).lastPathComponent
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        return path
    }

    /// The source with every `particles: N` and `steps: N` cut to 50: the examples' thousands of particles cost
    /// seconds a run, and what the fuzzer looks for (how bad input ends) does not depend on them.
    static func cutInferenceBudgets(_ bytes: [UInt8]) -> [UInt8] {
        let text = String(decoding: bytes, as: UTF8.self)
        guard let pattern = try? NSRegularExpression(pattern: "\\b(particles|steps):\\s*[0-9]+") else { return bytes }
        let cut = pattern.stringByReplacingMatches(in: text, range: NSRange(text.startIndex..., in: text), withTemplate: "$1: 50")
        return Array(cut.utf8)
    }

    /// Tokens a token edit inserts or substitutes: the language's punctuation and keywords, names of builtins,
    /// and values at the edges of what numbers and addresses allow.
    static let vocabulary = [
        "(", ")", "[", "]", "{", "}", ",", ".", "..", ":", "=>", "+", "-", "*", "**", "/", "%", "=", "==", "!=", "<", ">=",
        "and", "or", "not", "at", "def", "fn", "let", "if", "else", "for", "in", "while", "break", "continue", "return",
        "import", "nil", "true", "false", "\n", "0", "-1", "0.5", "1e308", "\"s\"", "\"", "#", "len", "print", "sample",
        "observe", "factor", "append", "range", "zeros", "map", "importance", "mh", "tensor", "render", "str", "join",
        "poisson", "normal", "gmm2", "categorical", "\"type.gns\"", "xs", "i",
    ]

    /// Literals at the edges: overflowing, huge, tiny, long.
    static let hugeLiterals = [
        "1e308", "1e309", "-1e308", "9.3e18", "1e19", "1e300", "4.9e-324", "99999999999999999999999", "1e38", "-9e18",
        String(repeating: "9", count: 5_000), "\"" + String(repeating: "x", count: 100_000) + "\"",
    ]

    /// Applies one random mutation to `bytes` and names it.
    static func mutate(_ bytes: inout [UInt8], _ generator: inout SeededGenerator) -> String {
        func position() -> Int { Int(generator.next() % UInt64(bytes.count + 1)) }
        func pick<T>(_ choices: [T]) -> T { choices[Int(generator.next() % UInt64(choices.count))] }
        switch generator.next() % 6 {
        case 0:
            guard !bytes.isEmpty else { return "flip (empty)" }
            let at = Int(generator.next() % UInt64(bytes.count))
            bytes[at] ^= 1 << UInt8(generator.next() % 8)
            return "flip byte \(at)"
        case 1:
            let tokens = tokenRanges(bytes)
            guard !tokens.isEmpty else { return "token edit (none)" }
            let token = pick(tokens)
            switch generator.next() % 3 {
            case 0:
                bytes.removeSubrange(token)
                return "delete token at \(token.lowerBound)"
            case 1:
                bytes.insert(contentsOf: bytes[token], at: token.upperBound)
                return "repeat token at \(token.lowerBound)"
            default:
                let word = pick(vocabulary)
                bytes.replaceSubrange(token, with: Array(word.utf8))
                return "replace token at \(token.lowerBound) with \(word.debugDescription)"
            }
        case 2:
            let at = position()
            bytes.removeSubrange(at...)
            return "truncate at \(at)"
        case 3:
            let depth = pick([50, 300, 1_000, 10_000, 100_000])
            let (open, close) = pick([("(", ")"), ("[", "]"), ("{", "}"), ("-", ""), ("not ", ""), ("f(", ")"), ("if true {", "}"), ("(", "")])
            let nested = String(repeating: open, count: depth) + "1" + String(repeating: close, count: depth)
            let at = pick(tokenRanges(bytes).map(\.lowerBound) + [position()])
            bytes.insert(contentsOf: Array(nested.utf8), at: at)
            return "nest \(open.debugDescription) \(depth) deep at \(at)"
        case 4:
            let literal = pick(hugeLiterals)
            let numbers = tokenRanges(bytes).filter { (bytes[$0.lowerBound] >= 0x30 && bytes[$0.lowerBound] <= 0x39) }
            if let token = numbers.isEmpty ? nil : pick(numbers) {
                bytes.replaceSubrange(token, with: Array(literal.utf8))
                return "literal \(literal.prefix(12)) at \(token.lowerBound)"
            }
            let at = position()
            bytes.insert(contentsOf: Array(literal.utf8), at: at)
            return "literal \(literal.prefix(12)) inserted at \(at)"
        default:
            let sequence = pick([[0xFF], [0xC0, 0x80], [0xED, 0xA0, 0x80], [0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0xE2, 0x82], [0x00]] as [[UInt8]])
            let at = position()
            bytes.insert(contentsOf: sequence, at: at)
            return "bytes \(sequence.map { String($0, radix: 16) }.joined(separator: " ")) at \(at)"
        }
    }

    /// Byte ranges of rough tokens: runs of letters, digits and `_`/`.`, or single punctuation bytes.
    static func tokenRanges(_ bytes: [UInt8]) -> [Range<Int>] {
        func isWord(_ b: UInt8) -> Bool { (b >= 0x30 && b <= 0x39) || (b | 0x20 >= 0x61 && b | 0x20 <= 0x7A) || b == 0x5F || b == 0x2E }
        var ranges: [Range<Int>] = []
        var i = 0
        while i < bytes.count {
            if bytes[i] == 0x20 || bytes[i] == 0x0A || bytes[i] == 0x09 { i += 1; continue }
            var j = i + 1
            if isWord(bytes[i]) { while j < bytes.count && isWord(bytes[j]) { j += 1 } }
            ranges.append(i..<j)
            i = j
        }
        return ranges
    }
}
