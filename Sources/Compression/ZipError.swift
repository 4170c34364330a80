/// A failure reading a ZIP archive: the archive's path, the entry concerned (if any) and the problem.
public struct ZipError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Path of the archive as given to ``ZipArchive/init(path:)`` (or a label for in-memory archives).
    public let archive: String
    /// Path of the entry inside the archive, when the problem concerns one entry.
    public let entry: String?
    /// What went wrong.
    public let problem: CompressionError

    /// A failure in `archive` (optionally in one `entry`).
    public init(archive: String, entry: String? = nil, problem: CompressionError) {
        self.archive = archive
        self.entry = entry
        self.problem = problem
    }

    public var description: String {
        "\(archive)" + (entry.map { ": entry '\($0)'" } ?? "") + ": \(problem)"
    }
}
