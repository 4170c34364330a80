/// The text of one `.gns` file, with its name as shown in diagnostics.
///
/// A class because every source location points at its file: sharing one
/// immutable instance keeps locations small and lets a diagnostic quote the line.
public final class SourceFile: Sendable {
    /// The name printed in diagnostics (the path as given, or a label such as `<test>`).
    public let name: String
    /// The whole text.
    public let text: String
    /// The file's lines, without their line breaks (1-based line `n` is `lines[n - 1]`).
    public let lines: [Substring]

    /// Wraps `text`, naming it `name` in diagnostics.
    public init(name: String, text: String) {
        self.name = name
        self.text = text
        // "\r\n" is one Character in Swift, so split on any newline character.
        self.lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
    }

    /// The text of 1-based line `line`, or an empty string past the end.
    public func line(_ line: Int) -> Substring {
        line >= 1 && line <= lines.count ? lines[line - 1] : ""
    }
}

/// A place in a source file: where a token starts and how many characters it spans.
public struct SourceSpan: Hashable, Sendable, CustomStringConvertible {
    /// The file.
    public let file: SourceFile
    /// 1-based line.
    public let line: Int
    /// 1-based column, counted in characters.
    public let column: Int
    /// Width in characters of what is pointed at (at least 1), for the caret underline.
    public let length: Int

    /// A location `length` characters wide at `line`:`column` of `file`.
    public init(file: SourceFile, line: Int, column: Int, length: Int = 1) {
        self.file = file
        self.line = line
        self.column = column
        self.length = max(1, length)
    }

    /// `file.gns:LINE:COL`.
    public var description: String { "\(file.name):\(line):\(column)" }

    /// The location covering `self` through `end` when both are on one line, else `self`.
    func through(_ end: SourceSpan) -> SourceSpan {
        guard end.file === file, end.line == line, end.column >= column else { return self }
        return SourceSpan(file: file, line: line, column: column, length: end.column + end.length - column)
    }

    public static func == (a: SourceSpan, b: SourceSpan) -> Bool {
        a.file === b.file && a.line == b.line && a.column == b.column && a.length == b.length
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(ObjectIdentifier(file))
        hasher.combine(line)
        hasher.combine(column)
    }
}
