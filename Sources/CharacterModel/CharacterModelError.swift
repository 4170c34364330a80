/// Why the character model could not be set up.
public enum CharacterModelError: Error, Equatable, CustomStringConvertible {
    /// The programs folder (chosen by `origin`: an option, the environment, the checkout) has no `character.gns`.
    case programsNotFound(directory: String, origin: String)

    /// A sentence naming the problem and what to do.
    public var description: String {
        switch self {
        case let .programsNotFound(directory, origin):
            "no character.gns in '\(directory)' (the programs folder from \(origin)); pass --programs DIR or set \(CharacterPrograms.environmentVariable) to the GNS Programs/ folder"
        }
    }
}
