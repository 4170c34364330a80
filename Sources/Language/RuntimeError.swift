/// An error while running a program, with its location and the `.gns` calls active when it
/// happened (appended as the error unwinds through each call, so the success path pays nothing).
public struct RuntimeError: Error, Sendable, CustomStringConvertible {
    /// The problem, found at `location`, explained by `notes`, inside `callStack` (innermost first).
    public var diagnostic: Diagnostic

    /// An error `message` at `location`.
    public init(_ message: String, at location: SourceSpan, notes: [Diagnostic.Note] = []) {
        diagnostic = Diagnostic(message, at: location, notes: notes)
    }

    /// An address met a second time in one run, at `again`; `first` is where the run used it before.
    public static func addressReused(_ address: Address, first: SourceSpan, again: SourceSpan) -> RuntimeError {
        RuntimeError("address \(address) is used twice in one run (first at \(first), again here)", at: again,
                     notes: [Diagnostic.Note("first used here", at: first)])
    }

    /// The rendered diagnostic.
    public var description: String { diagnostic.description }
}

/// An error thrown by a builtin's Swift code; the interpreter reports it at the call site
/// (or under the argument it names), prefixed with the builtin's name.
public struct BuiltinError: Error, Sendable {
    /// What went wrong, e.g. "expected a list, got a number".
    public let message: String
    /// The 0-based parameter the error is about, if any: the caret goes under that argument.
    public let argument: Int?

    /// An error `message`, about parameter `argument` when given.
    public init(_ message: String, argument: Int? = nil) {
        self.message = message
        self.argument = argument
    }
}
