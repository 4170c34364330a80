import Language

/// Why an inference operation could not run: addressing mistakes, ill-typed constraints, bad settings.
public enum InferenceError: Error, Sendable, CustomStringConvertible {
    /// A constraint, selection or proposal names an address the model never visited.
    case unvisitedAddress(Address, role: String, suggestion: Address?)
    /// A selected choice cannot be differentiated or optimised (it does not hold a number).
    case notContinuous(Address, value: String)
    /// A selection holds none of the trace's choices (`example` is one address it could name).
    case emptySelection(role: String, example: Address?)
    /// A numeric setting (particle count, steps...) is out of range.
    case invalidSetting(name: String, value: String, requirement: String)
    /// Every particle or proposal had zero probability; `cause` names the choice that made one of them so
    /// (``Trace/zeroProbabilityCause``).
    case zeroProbability(String, cause: String? = nil)

    /// A one-paragraph message naming the address and, where possible, a fix.
    public var description: String {
        switch self {
        case let .unvisitedAddress(address, role, suggestion):
            "\(role) address \(address) is never visited by the model"
                + (suggestion.map { "; did you mean \($0)?" } ?? "")
        case let .emptySelection(role, example):
            "the \(role) selects no choice of the trace"
                + (example.map { "; select addresses it visits, such as \($0)" } ?? " (the model makes no choices)")
        case let .notContinuous(address, value):
            "address \(address) holds \(value), not a number, so it cannot be differentiated or optimised"
        case let .invalidSetting(name, value, requirement):
            "\(name) = \(value) \(requirement)"
        case let .zeroProbability(what, cause):
            "\(what): every weight is zero (log-weight -infinity)" + (cause.map { "; \($0)" } ?? "")
        }
    }
}
