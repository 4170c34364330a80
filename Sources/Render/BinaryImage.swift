/// Why an observed image was rejected.
public enum BinaryImageError: Error, Equatable, CustomStringConvertible {
    /// The pixel count is not 105 x 105.
    case wrongPixelCount(Int)

    /// A sentence naming the problem.
    public var description: String {
        switch self {
        case let .wrongPixelCount(count):
            "a binary image needs \(Coordinates.canvasSize * Coordinates.canvasSize) pixels (105x105), got \(count)"
        }
    }
}

/// An observed 105x105 binary image, prepared for repeated likelihood evaluations.
///
/// Keeps a summed-area table of the on pixels so the renderer can account for everything outside the
/// inked bounding box in O(1) (there the on-probability is exactly epsilon).
public struct BinaryImage: Sendable, Equatable {
    /// Row-major pixels, 1 = ink (on), 0 = background.
    public let pixels: [Float]
    /// Summed-area table with a zero first row and column: `(size + 1)^2` entries.
    let onCounts: [Int32]

    /// An image from row-major pixels where `true` means ink.
    public init(pixels: [Bool]) throws(BinaryImageError) {
        let size = Coordinates.canvasSize
        guard pixels.count == size * size else { throw .wrongPixelCount(pixels.count) }
        self.pixels = pixels.map { $0 ? 1 : 0 }
        var table = [Int32](repeating: 0, count: (size + 1) * (size + 1))
        for r in 0..<size {
            var rowSum: Int32 = 0
            for c in 0..<size {
                rowSum += pixels[r * size + c] ? 1 : 0
                table[(r + 1) * (size + 1) + c + 1] = table[r * (size + 1) + c + 1] + rowSum
            }
        }
        onCounts = table
    }

    /// Number of on pixels in rows `rows` and columns `columns`.
    func onCount(rows: Range<Int>, columns: Range<Int>) -> Int {
        let w = Coordinates.canvasSize + 1
        guard !rows.isEmpty, !columns.isEmpty else { return 0 }
        let total = onCounts[rows.upperBound * w + columns.upperBound] - onCounts[rows.lowerBound * w + columns.upperBound]
            - onCounts[rows.upperBound * w + columns.lowerBound] + onCounts[rows.lowerBound * w + columns.lowerBound]
        return Int(total)
    }
}
