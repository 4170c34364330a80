/// The A·Bᵀ case of `Gemm` (transposeB without transposeA: a linear layer's `x·Wᵀ`, a convolution's
/// weight gradient `dY·columnsᵀ`). Both operands' rows run along k, so every output is a dot product of
/// two contiguous rows: nothing is packed (the packed path would have to transpose B element by element,
/// which costs as much as the products when A has few rows, as at batch 64).
///
/// A tile is 6 rows of A × 2 rows of B: the six A rows stay in L1 while B's rows stream past in pairs
/// (2 loads from L2 per 12 fused multiply-adds), and 12 accumulators + 2 B vectors + 1 A vector fill 15
/// of the 16 vector registers.
///
/// A depth that is not a whole number of vectors ends with one more vector step that overlaps the previous
/// one, its already-counted lanes zeroed in A: no scalar tail (at k = 130, a scalar tail of 2 cost a third
/// of the vector work).
enum DotProduct {
    static let rows = 6
    static let columns = 2

    typealias Lane = SIMD8<Float>

    /// Calls `step` with the byte offset of every whole vector along `depth` (at least one vector long), then,
    /// if the depth is not a whole number of vectors, once more with the offset of the last vector, which
    /// overlaps the one before, and the mask of its lanes already counted.
    @inline(__always)
    static func forEachVector(depth: Int, _ step: (Int, SIMDMask<Lane.MaskStorage>?) -> Void) {
        let whole = depth / Lane.scalarCount * Lane.scalarCount
        let end = whole &* MemoryLayout<Float>.size
        var offset = 0
        while offset < end {
            step(offset, nil)
            offset &+= MemoryLayout<Lane>.stride
        }
        guard whole < depth else { return }
        var lanes = Lane.MaskStorage()
        for i in 0..<Lane.scalarCount { lanes[i] = Int32(i) }
        step((depth - Lane.scalarCount) &* MemoryLayout<Float>.size, lanes .< Int32(Lane.scalarCount - (depth - whole)))
    }

    /// Depth at most this long per pass, so a tile's six A rows (6 × 4 KiB) stay in L1.
    static let depthBlock = 1024
    /// B rows per pass over a tile row, so the B rows of a pass stay in L2 while A's tiles move on.
    static let columnBlock = 128

    /// Depth from which dot products beat the packed path. At k = 64 a 6×2 tile's 96 multiply-adds still
    /// carry the three-round fold of its 12 accumulators, and the packed path, which transposes B once per
    /// product, was faster: the stroke CNN's attention projection (196 × 256 × 64) took the batch-1 stroke's
    /// begin from 0.69-0.80 to 0.63-0.65 ms (min, alternating runs). It is at least one vector, which the
    /// overlapping tail needs.
    static let minimumDepth = 65

    /// C = alpha·A·Bᵀ + beta·C for A [m×k] (row stride lda) and B [n×k] (row stride ldb).
    static func multiply(m: Int, n: Int, k: Int, alpha: Float, a: UnsafePointer<Float>, lda: Int,
                         b: UnsafePointer<Float>, ldb: Int, beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
        let depthBlocks = (k + depthBlock - 1) / depthBlock
        let depthStep = (k + depthBlocks - 1) / depthBlocks
        let fullRows = m / rows * rows
        for depth0 in stride(from: 0, to: k, by: depthStep) {
            let depth = min(depthStep, k - depth0)
            let update = depth0 == 0 ? Tile.Update(beta: beta) : .add
            for column0 in stride(from: 0, to: n, by: columnBlock) {
                let columnEnd = min(n, column0 + columnBlock)
                for i in stride(from: 0, to: fullRows, by: rows) {
                    let aRow = a + i * lda + depth0
                    var j = column0
                    while j + columns <= columnEnd {
                        fullTile(depth: depth, a: aRow, lda: lda, b: b + j * ldb + depth0, ldb: ldb, alpha: alpha,
                                 c: c + i * ldc + j, ldc: ldc, update: update)
                        j += columns
                    }
                    if j < columnEnd {
                        for r in 0..<rows {
                            rowTile(depth: depth, a: aRow + r * lda, b: b + j * ldb + depth0, ldb: ldb, count: columnEnd - j,
                                    alpha: alpha, c: c + (i + r) * ldc + j, update: update)
                        }
                    }
                }
                // The last m % 6 rows: three at a time while at least two are left, then one; four outputs per row
                // at a time. A lockstep step of a few strokes is all edge rows, and reads each B row once per three.
                var i = fullRows
                while i < m {
                    let count = m - i >= 2 ? min(3, m - i) : 1
                    for j in stride(from: column0, to: columnEnd, by: 4) {
                        let (aRow, bRow, columns) = (a + i * lda + depth0, b + j * ldb + depth0, min(4, columnEnd - j))
                        if count == 1 {
                            rowTile(depth: depth, a: aRow, b: bRow, ldb: ldb, count: columns, alpha: alpha, c: c + i * ldc + j, update: update)
                        } else {
                            shortTile(rows: count, depth: depth, a: aRow, lda: lda, b: bRow, ldb: ldb, columns: columns,
                                      alpha: alpha, c: c + i * ldc + j, ldc: ldc, update: update)
                        }
                    }
                    i += count
                }
            }
        }
    }

    @inline(__always)
    static func store(_ value: Float, to target: UnsafeMutablePointer<Float>, update: Tile.Update) {
        switch update {
        case .overwrite: target.pointee = value
        case .add: target.pointee += value
        case let .scaleAndAdd(beta): target.pointee = beta * target.pointee + value
        }
    }

    /// The 6×2 dot products of A rows a, a+lda, ..., a+5·lda with B rows b, b+ldb over `depth`, stored into C.
    @inline(__always)
    static func fullTile(depth: Int, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                         alpha: Float, c: UnsafeMutablePointer<Float>, ldc: Int, update: Tile.Update) {
        let a0 = UnsafeRawPointer(a), a1 = UnsafeRawPointer(a + lda), a2 = UnsafeRawPointer(a + 2 * lda)
        let a3 = UnsafeRawPointer(a + 3 * lda), a4 = UnsafeRawPointer(a + 4 * lda), a5 = UnsafeRawPointer(a + 5 * lda)
        let b0 = UnsafeRawPointer(b), b1 = UnsafeRawPointer(b + ldb)
        var s00 = Lane(), s01 = Lane(), s10 = Lane(), s11 = Lane(), s20 = Lane(), s21 = Lane()
        var s30 = Lane(), s31 = Lane(), s40 = Lane(), s41 = Lane(), s50 = Lane(), s51 = Lane()
        @inline(__always) func step(_ offset: Int, skipping counted: SIMDMask<Lane.MaskStorage>?) {
            @inline(__always) func rowA(_ row: UnsafeRawPointer) -> Lane {
                var u = row.loadUnaligned(fromByteOffset: offset, as: Lane.self)
                if let counted { u.replace(with: 0, where: counted) }
                return u
            }
            let v0 = b0.loadUnaligned(fromByteOffset: offset, as: Lane.self)
            let v1 = b1.loadUnaligned(fromByteOffset: offset, as: Lane.self)
            var u = rowA(a0)
            s00.addProduct(u, v0); s01.addProduct(u, v1)
            u = rowA(a1)
            s10.addProduct(u, v0); s11.addProduct(u, v1)
            u = rowA(a2)
            s20.addProduct(u, v0); s21.addProduct(u, v1)
            u = rowA(a3)
            s30.addProduct(u, v0); s31.addProduct(u, v1)
            u = rowA(a4)
            s40.addProduct(u, v0); s41.addProduct(u, v1)
            u = rowA(a5)
            s50.addProduct(u, v0); s51.addProduct(u, v1)
        }
        forEachVector(depth: depth, step)
        // Lane sums of all twelve accumulators through shared shuffles: first eight, then four.
        var first = fold(fold(fold(s00, s01), fold(s10, s11)), fold(fold(s20, s21), fold(s30, s31)))
        var second = fold(fold(fold(s40, s41), fold(s50, s51)), Lane()).lowHalf
        first *= alpha
        second *= alpha
        for r in 0..<4 {
            store(first[2 * r], to: c + r * ldc, update: update)
            store(first[2 * r + 1], to: c + r * ldc + 1, update: update)
        }
        for r in 0..<2 {
            store(second[2 * r], to: c + (4 + r) * ldc, update: update)
            store(second[2 * r + 1], to: c + (4 + r) * ldc + 1, update: update)
        }
    }

    /// `count` (1...4) dot products of one A row with consecutive B rows b, b+ldb, ..., stored into c[0..<count]:
    /// the tile edges.
    @inline(__always)
    static func rowTile(depth: Int, a: UnsafePointer<Float>, b: UnsafePointer<Float>, ldb: Int, count: Int,
                        alpha: Float, c: UnsafeMutablePointer<Float>, update: Tile.Update) {
        // Missing B rows repeat the first one; their sums are computed and dropped.
        let rowB = { (s: Int) in UnsafeRawPointer(b + (s < count ? s : 0) * ldb) }
        let (b0, b1, b2, b3) = (rowB(0), rowB(1), rowB(2), rowB(3))
        let rowA = UnsafeRawPointer(a)
        var s0 = Lane(), s1 = Lane(), s2 = Lane(), s3 = Lane()
        @inline(__always) func step(_ offset: Int, skipping counted: SIMDMask<Lane.MaskStorage>?) {
            var u = rowA.loadUnaligned(fromByteOffset: offset, as: Lane.self)
            if let counted { u.replace(with: 0, where: counted) }
            s0.addProduct(u, b0.loadUnaligned(fromByteOffset: offset, as: Lane.self))
            s1.addProduct(u, b1.loadUnaligned(fromByteOffset: offset, as: Lane.self))
            s2.addProduct(u, b2.loadUnaligned(fromByteOffset: offset, as: Lane.self))
            s3.addProduct(u, b3.loadUnaligned(fromByteOffset: offset, as: Lane.self))
        }
        forEachVector(depth: depth, step)
        var sums = fold(fold(fold(s0, s1), fold(s2, s3)), Lane()).lowHalf
        sums *= alpha
        for s in 0..<count { store(sums[s], to: c + s, update: update) }
    }

    /// The dot products of `rows` (2 or 3) A rows with `columns` (1...4) consecutive B rows, stored into C: 12
    /// accumulators from 7 loads per vector step, against 5 loads for 4 in `rowTile`. Missing rows repeat the
    /// first; their sums are computed and dropped.
    @inline(__always)
    static func shortTile(rows: Int, depth: Int, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                          columns: Int, alpha: Float, c: UnsafeMutablePointer<Float>, ldc: Int, update: Tile.Update) {
        let rowA = { (r: Int) in UnsafeRawPointer(a + (r < rows ? r : 0) * lda) }
        let rowB = { (s: Int) in UnsafeRawPointer(b + (s < columns ? s : 0) * ldb) }
        let (a0, a1, a2) = (rowA(0), rowA(1), rowA(2))
        let (b0, b1, b2, b3) = (rowB(0), rowB(1), rowB(2), rowB(3))
        var s00 = Lane(), s01 = Lane(), s02 = Lane(), s03 = Lane(), s10 = Lane(), s11 = Lane()
        var s12 = Lane(), s13 = Lane(), s20 = Lane(), s21 = Lane(), s22 = Lane(), s23 = Lane()
        @inline(__always) func step(_ offset: Int, skipping counted: SIMDMask<Lane.MaskStorage>?) {
            let v0 = b0.loadUnaligned(fromByteOffset: offset, as: Lane.self), v1 = b1.loadUnaligned(fromByteOffset: offset, as: Lane.self)
            let v2 = b2.loadUnaligned(fromByteOffset: offset, as: Lane.self), v3 = b3.loadUnaligned(fromByteOffset: offset, as: Lane.self)
            @inline(__always) func load(_ row: UnsafeRawPointer) -> Lane {
                var u = row.loadUnaligned(fromByteOffset: offset, as: Lane.self)
                if let counted { u.replace(with: 0, where: counted) }
                return u
            }
            var u = load(a0)
            s00.addProduct(u, v0); s01.addProduct(u, v1); s02.addProduct(u, v2); s03.addProduct(u, v3)
            u = load(a1)
            s10.addProduct(u, v0); s11.addProduct(u, v1); s12.addProduct(u, v2); s13.addProduct(u, v3)
            u = load(a2)
            s20.addProduct(u, v0); s21.addProduct(u, v1); s22.addProduct(u, v2); s23.addProduct(u, v3)
        }
        forEachVector(depth: depth, step)
        // Row r's four sums are lanes 4r..<4r+4 of the first fold and lanes 0..<4 of the second.
        var first = fold(fold(fold(s00, s01), fold(s02, s03)), fold(fold(s10, s11), fold(s12, s13)))
        var second = fold(fold(fold(s20, s21), fold(s22, s23)), Lane()).lowHalf
        first *= alpha
        second *= alpha
        for s in 0..<columns {
            store(first[s], to: c + s, update: update)
            store(first[4 + s], to: c + ldc + s, update: update)
            if rows == 3 { store(second[s], to: c + 2 * ldc + s, update: update) }
        }
    }

    /// Pairwise lane sums of two vectors: [x0+x1, x2+x3, x4+x5, x6+x7, y0+y1, y2+y3, y4+y5, y6+y7].
    /// Three rounds turn eight accumulators into their eight totals.
    @inline(__always)
    static func fold(_ x: Lane, _ y: Lane) -> Lane {
        let both = SIMD16(lowHalf: x, highHalf: y)
        return both.evenHalf + both.oddHalf
    }
}
