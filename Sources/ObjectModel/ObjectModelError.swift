/// Why the object model could not take an input.
public enum ObjectModelError: Error, Equatable, CustomStringConvertible {
    /// A part leaves no voxel on the grid.
    case emptyPart(index: Int, lo: SIMD3<Int>, hi: SIMD3<Int>, size: Int)
    /// More parts than a grid labels.
    case tooManyParts(Int)
    /// Stored labels that do not fit their grid or their parts.
    case invalidLabels(String)

    /// A sentence naming the problem.
    public var description: String {
        switch self {
        case let .emptyPart(index, lo, hi, size):
            "part \(index) fills no voxel of the \(size)^3 grid (lo \(Self.text(lo)), hi \(Self.text(hi)); hi must exceed lo on every axis, inside 0..\(size))"
        case let .tooManyParts(limit):
            "an object holds at most \(limit) parts"
        case let .invalidLabels(problem):
            problem
        }
    }

    static func text(_ p: SIMD3<Int>) -> String { "[\(p.x), \(p.y), \(p.z)]" }
}
