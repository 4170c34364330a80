/// Why the character model could not take an input.
public enum CharacterModelError: Error, Equatable, CustomStringConvertible {
    /// A picture given to the model is not 105x105.
    case wrongImageSize(path: String, width: Int, height: Int)

    /// A sentence naming the problem and what to do.
    public var description: String {
        switch self {
        case let .wrongImageSize(path, width, height):
            "\(path): the image is \(width)x\(height) pixels; the character model reads 105x105 images (Omniglot's size): crop or scale it to 105x105 first"
        }
    }
}
