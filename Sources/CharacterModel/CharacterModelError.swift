/// Why the character model could not be set up.
public enum CharacterModelError: Error, Equatable, CustomStringConvertible {
    /// The character programs' folder (under the root chosen by `origin`: an option, the environment, the checkout)
    /// has no `character.gns`.
    case programsNotFound(directory: String, origin: String)
    /// A picture given to the model is not 105x105.
    case wrongImageSize(path: String, width: Int, height: Int)

    /// A sentence naming the problem and what to do.
    public var description: String {
        switch self {
        case let .programsNotFound(directory, origin):
            "no character.gns in '\(directory)' (the character programs under the root from \(origin)); pass --programs DIR or set \(CharacterPrograms.environmentVariable) to a GNS Programs/ folder (the one with characters/ inside)"
        case let .wrongImageSize(path, width, height):
            "\(path): the image is \(width)x\(height) pixels; the character model reads 105x105 images (Omniglot's size): crop or scale it to 105x105 first"
        }
    }
}
