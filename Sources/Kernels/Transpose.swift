/// Matrix transposes in square tiles: an element-by-element transpose reads or writes with a stride of a whole
/// row, touching a new cache line per element; tile by tile, the lines a tile reads and writes stay in L1
/// until all their elements are used.
public enum Transpose {
    /// Tile side: 16 rows of 16 floats are 16 cache lines on each side.
    static let tile = 16

    /// target[b][j][i] = source[b][i][j] for `count` consecutive row-major `rows × columns` matrices.
    public static func matrices(count: Int, rows: Int, columns: Int, source: UnsafePointer<Float>, target: UnsafeMutablePointer<Float>) {
        let size = rows * columns
        for matrix in 0..<count {
            let (from, to) = (source + matrix * size, target + matrix * size)
            for row0 in stride(from: 0, to: rows, by: tile) {
                let rowEnd = min(rows, row0 + tile)
                for column0 in stride(from: 0, to: columns, by: tile) {
                    let columnEnd = min(columns, column0 + tile)
                    for row in row0..<rowEnd {
                        for column in column0..<columnEnd { to[column * rows + row] = from[row * columns + column] }
                    }
                }
            }
        }
    }
}
