/// One problem found in a program: what is wrong, where, and the context that explains it.
public struct Diagnostic: Sendable, CustomStringConvertible {
    /// A secondary location that explains the error (e.g. the first use of a reused address).
    public struct Note: Sendable {
        /// What the note says.
        public let message: String
        /// Where it points.
        public let location: SourceSpan

        /// A note `message` pointing at `location`.
        public init(_ message: String, at location: SourceSpan) {
            self.message = message
            self.location = location
        }
    }

    /// A `.gns` function call that was active when a runtime error happened.
    public struct CallFrame: Sendable {
        /// The called function's name (`fn` for a lambda).
        public let function: String
        /// Where it was called.
        public let site: SourceSpan

        /// The call of `function` at `site`.
        public init(function: String, site: SourceSpan) {
            self.function = function
            self.site = site
        }
    }

    /// The error message, one line, no location prefix.
    public let message: String
    /// Where the error is.
    public let location: SourceSpan
    /// Explanations at other places.
    public var notes: [Note]
    /// Active calls, innermost first (empty for static errors).
    public var callStack: [CallFrame]

    /// An error `message` at `location`.
    public init(_ message: String, at location: SourceSpan, notes: [Note] = [], callStack: [CallFrame] = []) {
        self.message = message
        self.location = location
        self.notes = notes
        self.callStack = callStack
    }

    /// The full report: `file.gns:LINE:COL: error: message`, the source line with a caret
    /// under the offending token, then notes and the call stack.
    public var description: String {
        var lines = Self.excerpt("error", message, at: location)
        for note in notes { lines += Self.excerpt("note", note.message, at: note.location) }
        lines += Self.collapsedCallStack(callStack)
        return lines.joined(separator: "\n")
    }

    /// One line per call, but a run of identical calls (runaway recursion) is shown once with a
    /// count, so a stack-depth error stays readable.
    static func collapsedCallStack(_ frames: [CallFrame]) -> [String] {
        var lines: [String] = []
        var index = 0
        while index < frames.count {
            let frame = frames[index]
            var end = index + 1
            while end < frames.count, frames[end].function == frame.function, frames[end].site == frame.site { end += 1 }
            lines.append("  in \(frame.function), called at \(frame.site)")
            if end - index > 1 { lines.append("  [the call above repeated \(end - index - 1) more times]") }
            index = end
        }
        return lines
    }

    /// Longest part of a source line an excerpt quotes: a generated line of 100 000 brackets is cut
    /// to this many characters around the error, marked with "…" where it is cut.
    static let excerptWidth = 120

    /// `location: kind: message`, the quoted line and the caret line.
    static func excerpt(_ kind: String, _ message: String, at location: SourceSpan) -> [String] {
        let line = Array(location.file.line(location.line))
        let column = max(0, location.column - 1)
        let start = line.count > excerptWidth ? max(0, min(column - excerptWidth / 2, line.count - excerptWidth)) : 0
        let end = min(line.count, start + excerptWidth)
        let lead = start > 0 ? "…" : ""
        let source = lead + String(line[start..<end]) + (end < line.count ? "…" : "")
        let gutter = String(location.line)
        let pad = String(repeating: " ", count: gutter.count)
        // Keep tabs under tabs so the caret lines up however the terminal renders them.
        let indent = String(repeating: " ", count: lead.count)
            + String(line[start..<min(max(start, column), end)].map { $0 == "\t" ? "\t" : " " })
        let width = max(1, min(location.length, end - column))
        let caret = "^" + String(repeating: "~", count: width - 1)
        return [
            "\(location): \(kind): \(message)",
            " \(gutter) | \(source)",
            " \(pad) | \(indent)\(caret)",
        ]
    }
}

/// The error thrown for anything wrong with a `.gns` program: one or more diagnostics,
/// rendered together (a parse reports every syntax error it can find in one run).
public struct ProgramError: Error, Sendable, CustomStringConvertible {
    /// The problems, in source order for static errors.
    public let diagnostics: [Diagnostic]

    /// Wraps `diagnostics` (at least one).
    public init(_ diagnostics: [Diagnostic]) {
        self.diagnostics = diagnostics
    }

    /// A single error `message` at `location`.
    public init(_ message: String, at location: SourceSpan, notes: [Diagnostic.Note] = []) {
        self.diagnostics = [Diagnostic(message, at: location, notes: notes)]
    }

    /// Every diagnostic, rendered, separated by blank lines.
    public var description: String {
        diagnostics.map(\.description).joined(separator: "\n\n")
    }
}
