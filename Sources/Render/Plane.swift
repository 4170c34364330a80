/// A rectangle of canvas pixels, half-open in both directions; empty when either range is.
struct Region: Equatable {
    var rows: Range<Int>
    var columns: Range<Int>

    static let empty = Region(rows: 0..<0, columns: 0..<0)

    var isEmpty: Bool { rows.isEmpty || columns.isEmpty }
    var area: Int { isEmpty ? 0 : rows.count * columns.count }

    /// Extends the region to cover pixel `(row, column)`.
    mutating func include(row: Int, column: Int) {
        if isEmpty {
            rows = row..<(row + 1)
            columns = column..<(column + 1)
        } else {
            rows = min(rows.lowerBound, row)..<max(rows.upperBound, row + 1)
            columns = min(columns.lowerBound, column)..<max(columns.upperBound, column + 1)
        }
    }

    /// The region grown by `rows` and `columns` pixels on each side, clipped to the canvas.
    func grown(rows dr: Int, columns dc: Int) -> Region {
        guard !isEmpty else { return self }
        let size = Coordinates.canvasSize
        return Region(rows: max(0, rows.lowerBound - dr)..<min(size, rows.upperBound + dr),
                      columns: max(0, columns.lowerBound - dc)..<min(size, columns.upperBound + dc))
    }

    /// The region grown by `amount` pixels on every side, clipped to the canvas.
    func grown(by amount: Int) -> Region { grown(rows: amount, columns: amount) }

    /// The smallest region covering both.
    func union(_ other: Region) -> Region {
        if isEmpty { return other }
        if other.isEmpty { return self }
        return Region(rows: min(rows.lowerBound, other.rows.lowerBound)..<max(rows.upperBound, other.rows.upperBound),
                      columns: min(columns.lowerBound, other.columns.lowerBound)..<max(columns.upperBound, other.columns.upperBound))
    }
}

/// A 105x105 canvas of floats with a zero margin on every side, remembering which pixels hold data.
///
/// A class because the renderer's passes share and overwrite these buffers in place; the margin lets filters
/// read past the canvas edge (zero padding) without bounds checks.
final class Plane {
    static let margin = Renderer.margin
    static let stride = Renderer.stride
    let storage: UnsafeMutablePointer<Float>
    private(set) var dirty = Region.empty

    init() {
        let count = Self.stride * Self.stride
        storage = .allocate(capacity: count)
        storage.initialize(repeating: 0, count: count)
    }

    deinit { storage.deallocate() }

    /// Index of canvas pixel `(row, column)` in `storage`.
    @inline(__always) func offset(_ row: Int, _ column: Int) -> Int {
        (row + Self.margin) * Self.stride + column + Self.margin
    }

    @inline(__always) subscript(row: Int, column: Int) -> Float {
        get { storage[offset(row, column)] }
        set { storage[offset(row, column)] = newValue }
    }

    /// Records that `region` now holds data (cleared by the next `clearDirty`).
    func markDirty(_ region: Region) { dirty = dirty.union(region) }

    /// Zeroes every pixel written since the last clear.
    func clearDirty() {
        guard !dirty.isEmpty else { return }
        for r in dirty.rows {
            (storage + offset(r, dirty.columns.lowerBound)).update(repeating: 0, count: dirty.columns.count)
        }
        dirty = .empty
    }
}
