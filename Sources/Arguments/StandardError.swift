import Foundation

// Standard error carries both diagnostics and progress lines (`\r`-overwritten, no newline): a diagnostic must
// not be glued onto the end of an unfinished progress line.

/// Whether a progress line is on standard error without its newline yet.
nonisolated(unsafe) private var progressLineIsOpen = false
private let standardErrorLock = NSLock()

/// Writes a line to standard error, on a line of its own: an unfinished progress line is ended first.
public func standardError(_ line: String) {
    standardErrorLock.withLock {
        writeStandardError((progressLineIsOpen ? "\n" : "") + line + "\n")
        progressLineIsOpen = false
    }
}

/// Replaces the progress line on standard error with `text` (no newline; the next `standardError` or a `done`
/// progress ends it).
public func progressLine(_ text: String, done: Bool = false) {
    standardErrorLock.withLock {
        writeStandardError("\r\u{1B}[K" + text + (done ? "\n" : ""))
        progressLineIsOpen = !done
    }
}

private func writeStandardError(_ text: String) {
    _ = text.withCString { write(2, $0, strlen($0)) }
}
