/// A problem making a teaching page from the data asked for (too few characters, trials out of range).
public struct TeachingError: Error, CustomStringConvertible {
    /// What is wrong, one line.
    public let description: String

    /// An error saying `description`.
    public init(_ description: String) {
        self.description = description
    }
}
