/// Why a character task could not run on its input.
public enum CharacterTaskError: Error, Sendable, CustomStringConvertible {
    /// The bottom-up parser found no stroke set the model can draw (blank image, or more strokes than it draws).
    case noCandidates
    /// A parse cache's parse, rebuilt as a run of the model, does not score what the cache says (the cache was
    /// made with other programs or weights).
    case inconsistentCache(path: String, image: String, cached: Double, rebuilt: Double)
    /// A run given as a parse is not a run of `generate_character` observing an image (other programs).
    case notACharacterRun(missing: String)

    /// A sentence naming the problem.
    public var description: String {
        switch self {
        case .noCandidates:
            "no candidate parse: the image has no ink, or every stroke set found has more strokes than the model draws"
        case let .inconsistentCache(path, image, cached, rebuilt):
            "\(path): a parse of \(image) scores \(rebuilt) when rebuilt, but the cache says \(cached): "
                + "it was made with other programs or weights (pass the ones it was made with, or parse again)"
        case let .notACharacterRun(missing):
            "the run is not one of generate_character observing an image: it has no \(missing) (were other programs given?)"
        }
    }
}
