import Foundation
import Inference
import Language
import Random
import Testing
@testable import Repl

/// Collects lines written by the loop, values and errors apart.
final class Transcript: @unchecked Sendable {
    private let lock = NSLock()
    private var out: [String] = []
    private var err: [String] = []
    var output: [String] { lock.withLock { out } }
    var errors: [String] { lock.withLock { err } }
    func write(_ line: String) { lock.withLock { out.append(line) } }
    func writeError(_ line: String) { lock.withLock { err.append(line) } }
}

/// Runs `script` line by line through a fresh loop (no prompts, as with piped input).
func session(_ script: String, seed: UInt64 = 1) -> (output: [String], errors: [String], repl: Repl) {
    let transcript = Transcript()
    let repl = Repl(builtins: .withInference, seed: seed, write: transcript.write, writeError: transcript.writeError)
    var lines = script.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)[...]
    repl.run(readLine: { lines.popFirst() })
    return (transcript.output, transcript.errors, repl)
}

@Suite struct ReplTests {
    @Test func definitionsPersistAndExpressionsPrintTheirValues() {
        let result = session("""
            def square(x) { return x * x }
            let n = 4
            square(n) + 1
            n = n + 1
            square(n)
            print("hello", n)
            """)
        #expect(result.output == ["17", "25", "hello 5"])
        #expect(result.errors.isEmpty)
    }

    @Test func bracesLeftOpenContinueOnTheNextLines() {
        let result = session("""
            def fact(n) {
              if n <= 1 { return 1 }
              return n * fact(n - 1)
            }
            [fact(5),
             fact(3)]
            """)
        #expect(result.output == ["[120, 6]"])
        #expect(result.errors.isEmpty)
    }

    @Test func errorsNameLineAndColumnAndTheSessionGoesOn() throws {
        let result = session("""
            let a = 2
            a + nope
            let b = a * 10
            b
            """)
        #expect(result.output == ["20"])
        let error = try #require(result.errors.first)
        #expect(error.hasPrefix("<entry 2>:1:5: error: unknown name 'nope'"))
        #expect(result.repl.errorCount == 1)
    }

    @Test func aFailedEntryDeclaresNothing() throws {
        let result = session("""
            let xs = [1, 2]
            let y = xs[5]
            y
            """)
        #expect(result.errors.count == 2)
        #expect(result.errors[1].contains("unknown name 'y'"))
    }

    @Test func laterDeclarationsShadowEarlierOnes() {
        let result = session("""
            let k = 1
            def get() { return k }
            let k = 2
            [get(), k]
            """)
        // `get` keeps the `k` it was resolved against, as in an ML top level.
        #expect(result.output == ["[1, 2]"])
        #expect(result.errors.isEmpty)
    }

    @Test func traceAndChoicesShowTheLastEntrysRandomChoices() throws {
        let result = session("""
            let p = sample("p", beta(2, 2))
            observe("flip", bernoulli(p), true)
            :choices
            :trace
            """)
        #expect(result.errors.isEmpty)
        // The second entry's value is the observed value; it samples nothing itself and observes one flip.
        #expect(Array(result.output.prefix(2)) == ["true", "\"flip\" = true"])
        let table = try #require(result.output.last)
        #expect(table.contains("flip") && table.contains("observed") && !table.contains("beta"))
    }

    @Test func theSameAddressMayBeUsedInTwoEntries() {
        let result = session("""
            sample("x", normal(0, 1)) > -100
            sample("x", normal(0, 1)) > -100
            """)
        #expect(result.output == ["true", "true"])
        #expect(result.errors.isEmpty)
    }

    @Test func commandsHelpQuitAndUnknown() {
        let result = session("""
            :help
            :choise
            :quit
            1 + 1
            """)
        #expect(result.output == [Repl.help])
        #expect(result.errors == ["error: unknown command :choise; did you mean :choices?"])
    }

    @Test func inputEndingInsideABracketIsAnError() {
        let result = session("def f(x) {\n  return x")
        #expect(result.errors.count == 1)
        #expect(result.errors[0].contains("open bracket"))
    }

    @Test func importsAreRelativeToTheSessionFolder() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("repl-import-\(getpid())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        try "def triple(x) { return 3 * x }\n".write(to: folder.appendingPathComponent("lib.gns"), atomically: true, encoding: .utf8)
        let transcript = Transcript()
        let repl = Repl(builtins: .withInference, seed: 1, directory: folder.path, write: transcript.write,
                        writeError: transcript.writeError)
        repl.accept("import \"lib.gns\"")
        repl.accept("triple(7)")
        #expect(transcript.output == ["21"])
        #expect(transcript.errors.isEmpty)
    }

    /// The `gns` binary built beside this test bundle, if the build made one.
    static var binary: URL? {
        let products = Bundle.allBundles.map(\.bundleURL).first { $0.pathExtension == "xctest" }?.deletingLastPathComponent()
            ?? Bundle.main.bundleURL
        let url = products.appendingPathComponent("gns")
        return FileManager.default.isExecutableFile(atPath: url.path) ? url : nil
    }

    @Test(.enabled(if: binary != nil, "the gns binary is not in the build folder"))
    func gnsReplRunsAPipedSession() throws {
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = ["repl", "--seed", "3"]
        let input = Pipe(), output = Pipe(), errors = Pipe()
        (process.standardInput, process.standardOutput, process.standardError) = (input, output, errors)
        try process.run()
        input.fileHandleForWriting.write(Data("def twice(f, x) { return f(f(x)) }\ntwice(fn(v) => v + 3,\n  10)\nmissing\n:quit\n".utf8))
        try input.fileHandleForWriting.close()
        let printed = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let reported = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(printed == "16\n")
        #expect(reported.hasPrefix("<entry 3>:1:1: error: unknown name 'missing'"))
        // Piped input with a failed entry exits 1, so a script of entries can be checked.
        #expect(process.terminationStatus == 1)
    }
}
