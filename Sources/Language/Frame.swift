/// The storage of one scope at run time: a function call's locals, a file's top-level
/// names, or one iteration of a loop whose body creates closures. The resolver gave every
/// variable a (frames up, slot) pair, so reading a variable is two array steps, no look-up.
final class Frame {
    /// Unchecked: reading a variable is the interpreter's most frequent step, and a class's `var` costs a
    /// dynamic exclusivity check per access (4 % of a run's instructions). No access to a frame's slots
    /// spans a call that could reach the same slot: statements read or write one slot at a time.
    @exclusivity(unchecked) var slots: [Value]
    let parent: Frame?

    init(size: Int, parent: Frame?) {
        slots = [Value](repeating: .nil, count: size)
        self.parent = parent
    }

    /// The frame `hops` levels out (0 is this one).
    @inline(__always)
    func ancestor(_ hops: Int) -> Frame {
        var frame = self
        // The resolver only emits hop counts within the chain it built.
        for _ in 0..<hops { frame = frame.parent.unsafelyUnwrapped }
        return frame
    }
}

/// A `.gns` function value: its code and the frame it was created in.
public final class Closure: @unchecked Sendable {
    let function: FunctionCode
    let captured: Frame?

    init(function: FunctionCode, captured: Frame?) {
        self.function = function
        self.captured = captured
    }

    /// The function's name (`fn` for a lambda).
    public var name: String { function.name }
    /// Its parameter names, in order.
    public var parameterNames: [String] { function.parameterNames }
}

/// A resolved function body: parameters first in its frame, then its locals.
final class FunctionCode {
    let name: String
    let location: SourceSpan
    let parameterNames: [String]
    /// Default values, evaluated in the new frame when an argument is missing.
    var defaults: [(any ExpressionCode)?]
    var frameSize = 0
    var body: [any StatementCode] = []

    init(name: String, location: SourceSpan, parameterNames: [String], defaults: [(any ExpressionCode)?]) {
        self.name = name
        self.location = location
        self.parameterNames = parameterNames
        self.defaults = defaults
    }
}
