/// Why a character task could not run on its input.
public enum CharacterTaskError: Error, Sendable, CustomStringConvertible {
    /// The bottom-up parser found no stroke set the model can draw (blank image, or more strokes than it draws).
    case noCandidates

    /// A sentence naming the problem.
    public var description: String {
        switch self {
        case .noCandidates:
            "no candidate parse: the image has no ink, or every stroke set found has more strokes than the model draws"
        }
    }
}
