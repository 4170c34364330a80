import Foundation
import Inference
import Language
import Random
import Spelling

/// The read-eval-print loop behind `gns repl`: reads entries (several lines while brackets are open), runs each in
/// one ``Session`` so definitions persist, prints the value of an entry that ends in an expression, and keeps the
/// trace of the last entry for `:trace` and `:choices`. Errors are reported and the loop goes on.
///
/// Input and output are closures, so the same loop serves a terminal, a piped script and a test.
public final class Repl {
    /// Where values, `print` output and command output go.
    let write: (String) -> Void
    /// Where diagnostics go.
    let writeError: (String) -> Void
    let session: Session
    private var generator: SeededGenerator
    /// The trace of the last entry that ran to the end.
    private var lastTrace: Trace?
    /// Lines of an entry whose brackets are still open.
    private var pending: [String] = []
    /// Entries and commands that failed so far.
    public private(set) var errorCount = 0

    /// The first prompt of an entry, and the prompt of its continuation lines.
    public static let prompt = "gns> ", continuationPrompt = "...> "

    /// What `:help` prints.
    public static let help = """
        Type GNS statements and expressions; definitions (let, def, import) stay for the rest of the session.
        An entry that ends in an expression prints its value. Lines continue while ( [ { are open.
          :trace    the last entry's random choices: address, distribution, value, log p, origin; score
          :choices  the last entry's random choices as address = value
          :names    the names defined so far
          :help     this text
          :quit     leave (so does end of input)
        """

    /// A loop whose entries resolve against `builtins` (imports relative to `directory`), drawing randomness from
    /// `seed`; `write` receives results and `print` output, `writeError` diagnostics.
    public init(builtins: BuiltinRegistry, seed: UInt64, directory: String? = nil,
                write: @escaping @Sendable (String) -> Void, writeError: @escaping (String) -> Void) {
        session = directory.map { Session(builtins: builtins, directory: $0, output: write) } ?? Session(builtins: builtins, output: write)
        generator = SeededGenerator(seed: seed)
        self.write = write
        self.writeError = writeError
    }

    /// The prompt for the next line: a fresh entry's, or a continuation's while brackets are open.
    public var currentPrompt: String { pending.isEmpty ? Self.prompt : Self.continuationPrompt }

    /// Reads lines from `readLine` until it returns nil or `:quit`, showing `prompt` before each line when given
    /// (an interactive terminal; a piped script runs without prompts).
    public func run(readLine: () -> String?, prompt: ((String) -> Void)? = nil) {
        while true {
            prompt?(currentPrompt)
            guard let line = readLine() else { break }
            if !accept(line) { return }
        }
        if !pending.isEmpty {
            errorCount += 1
            writeError("error: the input ended inside an open bracket:\n" + pending.joined(separator: "\n"))
        }
    }

    /// Takes one line of input: a command, a line of an entry still open, or the last line of an entry, which is
    /// then run. Returns false when the session should end.
    @discardableResult
    public func accept(_ line: String) -> Bool {
        let trimmed = line.trimmingCharacters(in: .whitespaces)
        if pending.isEmpty, trimmed.hasPrefix(":") { return command(trimmed) }
        if pending.isEmpty, trimmed.isEmpty { return true }
        pending.append(line)
        let source = pending.joined(separator: "\n")
        guard !Session.needsMoreInput(source) else { return true }
        pending = []
        evaluate(source)
        return true
    }

    private func evaluate(_ source: String) {
        do {
            let trace = try Trace.recording(in: session.interpreter) { mode in
                try session.evaluate(source, mode: mode, generator: &generator) ?? .nil
            }
            lastTrace = trace
            if case .nil = trace.returnValue {} else { write("\(trace.returnValue)") }
        } catch {
            errorCount += 1
            writeError("\(error)")
        }
    }

    private func command(_ text: String) -> Bool {
        switch text {
        case ":quit", ":q", ":exit": return false
        case ":help", ":h", ":?": write(Self.help)
        case ":names": write(session.names.isEmpty ? "(no names yet)" : session.names.joined(separator: " "))
        case ":trace", ":choices":
            guard let trace = lastTrace else {
                write("(nothing has run yet)")
                break
            }
            if text == ":trace" {
                write(trace.table)
            } else if trace.addresses.isEmpty {
                write("(the last entry made no random choices)")
            } else {
                for address in trace.addresses { write("\(address) = \(trace[address] ?? .nil)") }
            }
        default:
            errorCount += 1
            let known = [":trace", ":choices", ":names", ":help", ":quit"]
            let suggestion = nearest(text, in: known).map { "; did you mean \($0)?" } ?? "; :help lists the commands"
            writeError("error: unknown command \(text)\(suggestion)")
        }
        return true
    }
}
