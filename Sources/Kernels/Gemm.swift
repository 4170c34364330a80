/// General matrix multiply on row-major Float buffers: packed panels, SIMD register tiles, two cores.
public enum Gemm {
    /// What these kernels were compiled for, for benchmark reports: "AVX2 + FMA, 6x16 register tiles".
    public static let buildDescription = "\(Tile.instructionSet), \(Tile.rows)x\(Tile.columns) register tiles"

    /// C[m×n] = alpha·op(A)·op(B) + beta·C. Row-major; lda/ldb/ldc are row strides in elements.
    /// op(A) is m×k (A stored k×m when transposeA), op(B) is k×n (B stored n×k when transposeB).
    ///
    /// With beta == 0, C is overwritten without being read (NaNs in it do not propagate).
    public static func multiply(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
                                alpha: Float, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                                beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
        multiply(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha, a: a, lda: lda,
                 b: b, ldb: ldb, beta: beta, c: c, ldc: ldc, parallel: true)
    }

    /// `multiply`, with the two-core split disabled when `parallel` is false (for callers that already
    /// run one product per core, such as the convolution's image chunks).
    static func multiply(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
                         alpha: Float, a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                         beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int, parallel: Bool) {
        guard m > 0 && n > 0 else { return }
        guard k > 0 && alpha != 0 else { return scale(c, ldc: ldc, rows: m, columns: n, by: beta) }
        let operands = Operands(transposeA: transposeA, transposeB: transposeB, a: a, lda: lda, b: b, ldb: ldb)
        if m == 1 || n == 1 {
            scale(c, ldc: ldc, rows: m, columns: n, by: beta)
            MatrixVector.accumulate(operands, m: m, n: n, k: k, alpha: alpha, c: c, ldc: ldc, parallel: parallel)
            return
        }
        let dotProducts = transposeB && !transposeA && k >= DotProduct.minimumDepth
        // Split the columns (or rows) in two: every output element is still summed in the same order by
        // one thread, so results do not depend on whether the split happened.
        if parallel && (m * n * k >= parallelThreshold || isWeightBound(m: m, n: n, k: k)) {
            // Cut where the two halves come out most even (whole tiles each): 64 × 130 splits its rows.
            let (rowQuantum, columnQuantum) = dotProducts ? (DotProduct.rows, DotProduct.columns) : (Tile.rows, Tile.columns)
            let splitColumns = largerHalf(n, columnQuantum) * m <= largerHalf(m, rowQuantum) * n
            let extent = splitColumns ? n : m
            let half = min(extent, largerHalf(extent, splitColumns ? columnQuantum : rowQuantum))
            Parallel.forEach(2) { part in
                let start = part == 0 ? 0 : half
                let count = part == 0 ? half : extent - half
                guard count > 0 else { return }
                if splitColumns {
                    product(operands.columns(from: start), m: m, n: count, k: k, alpha: alpha, beta: beta,
                            c: c + start, ldc: ldc, dotProducts: dotProducts)
                } else {
                    product(operands.rows(from: start), m: count, n: n, k: k, alpha: alpha, beta: beta,
                            c: c + start * ldc, ldc: ldc, dotProducts: dotProducts)
                }
            }
        } else {
            product(operands, m: m, n: n, k: k, alpha: alpha, beta: beta, c: c, ldc: ldc, dotProducts: dotProducts)
        }
    }

    /// One thread's share: C = alpha·op(A)·op(B) + beta·C by dot products or by packed panels.
    static func product(_ operands: Operands, m: Int, n: Int, k: Int, alpha: Float, beta: Float,
                        c: UnsafeMutablePointer<Float>, ldc: Int, dotProducts: Bool) {
        if dotProducts {
            DotProduct.multiply(m: m, n: n, k: k, alpha: alpha, a: operands.a, lda: operands.lda,
                                b: operands.b, ldb: operands.ldb, beta: beta, c: c, ldc: ldc)
        } else {
            multiplyBlocked(operands, m: m, n: n, k: k, alpha: alpha, beta: beta, c: c, ldc: ldc)
        }
    }

    /// Multiply-adds (m·n·k) above which the two-core split pays for its dispatch (measured with
    /// `gns-bench tensor`: below it the thread hand-off costs more than half the work).
    static let parallelThreshold = 1 << 20

    /// A product of a few rows with a large matrix (a lockstep LSTM step of 3 strokes: 3 x 1024 x 256) is as
    /// bound by reading the matrix as a matrix-vector product is, and splits from the same size.
    static func isWeightBound(m: Int, n: Int, k: Int) -> Bool {
        min(m, n) < DotProduct.rows && max(m, n) * k >= MatrixVector.parallelElements
    }

    /// Cache blocking: a packed A block (rows × depth) stays in L2, a packed B panel (depth × `Tile.columns`) in L1.
    /// Depth is an upper bound: k is cut into equal blocks no longer than it.
    enum Block {
        /// 20 KiB of B panel (320 deep with 16-column tiles), leaving room in a 32 KiB L1 for the A panel
        /// streaming past.
        static let depth = 20 * 1024 / (MemoryLayout<Float>.size * Tile.columns)
        static let rows = 96
        static let columns = 2048
    }

    /// C *= beta, with beta == 0 writing zeros rather than multiplying (so NaN garbage is cleared).
    static func scale(_ c: UnsafeMutablePointer<Float>, ldc: Int, rows: Int, columns: Int, by beta: Float) {
        guard beta != 1 else { return }
        for i in 0..<rows {
            let row = c + i * ldc
            if beta == 0 {
                row.update(repeating: 0, count: columns)
            } else {
                for j in 0..<columns { row[j] *= beta }
            }
        }
    }

    /// C = alpha·op(A)·op(B) + beta·C through packed, cache-sized blocks and the register-tile micro-kernel.
    static func multiplyBlocked(_ operands: Operands, m: Int, n: Int, k: Int, alpha: Float, beta: Float,
                                c: UnsafeMutablePointer<Float>, ldc: Int) {
        // Equal depth blocks (k = 288 is two blocks of 144, not 256 + 32): a short last block would pay
        // a full pass of tile stores for little work.
        let depthBlocks = (k + Block.depth - 1) / Block.depth
        let depthStep = (k + depthBlocks - 1) / depthBlocks
        let columnBlock = min(n, Block.columns)
        let rowBlock = min(m, Block.rows)
        let packedB = UnsafeMutablePointer<Float>.allocate(capacity: depthStep * roundUp(columnBlock, Tile.columns))
        let packedA = UnsafeMutablePointer<Float>.allocate(capacity: depthStep * roundUp(rowBlock, Tile.rows))
        defer { packedB.deallocate(); packedA.deallocate() }
        for column0 in stride(from: 0, to: n, by: Block.columns) {
            let columns = min(Block.columns, n - column0)
            for depth0 in stride(from: 0, to: k, by: depthStep) {
                let depth = min(depthStep, k - depth0)
                let update = depth0 == 0 ? Tile.Update(beta: beta) : .add
                operands.packB(into: packedB, depth0: depth0, depth: depth, column0: column0, columns: columns)
                for row0 in stride(from: 0, to: m, by: Block.rows) {
                    let rows = min(Block.rows, m - row0)
                    operands.packA(into: packedA, row0: row0, rows: rows, depth0: depth0, depth: depth)
                    for panelColumn in stride(from: 0, to: columns, by: Tile.columns) {
                        let bPanel = UnsafePointer(packedB + panelColumn * depth)
                        for panelRow in stride(from: 0, to: rows, by: Tile.rows) {
                            Tile.multiply(depth: depth, a: packedA + panelRow * depth, b: bPanel, alpha: alpha,
                                          into: c + (row0 + panelRow) * ldc + column0 + panelColumn, ldc: ldc,
                                          rows: min(Tile.rows, rows - panelRow), columns: min(Tile.columns, columns - panelColumn),
                                          update: update)
                        }
                    }
                }
            }
        }
    }

    /// The first of two parts of `extent` cut at a multiple of `quantum` near the middle (the larger part).
    static func largerHalf(_ extent: Int, _ quantum: Int) -> Int { roundUp(extent / 2, quantum) }

    @inline(__always)
    static func roundUp(_ value: Int, _ multiple: Int) -> Int { (value + multiple - 1) / multiple * multiple }
}

/// The two inputs of a product with their storage orders, addressed as op(A)[i][p] and op(B)[p][j].
struct Operands {
    var transposeA, transposeB: Bool
    var a: UnsafePointer<Float>, lda: Int
    var b: UnsafePointer<Float>, ldb: Int

    @inline(__always) func elementA(_ i: Int, _ p: Int) -> Float { transposeA ? a[p * lda + i] : a[i * lda + p] }
    @inline(__always) func elementB(_ p: Int, _ j: Int) -> Float { transposeB ? b[j * ldb + p] : b[p * ldb + j] }

    /// The same product restricted to op(B)'s columns from `start` on.
    func columns(from start: Int) -> Operands {
        var copy = self
        copy.b = transposeB ? b + start * ldb : b + start
        return copy
    }

    /// The same product restricted to op(A)'s rows from `start` on.
    func rows(from start: Int) -> Operands {
        var copy = self
        copy.a = transposeA ? a + start : a + start * lda
        return copy
    }

    /// Packs op(B)[depth0..<depth0+depth][column0..<column0+columns] as consecutive depth × `Tile.columns` panels
    /// (each row of a panel is `Tile.columns` contiguous floats, zero-padded past the last column).
    func packB(into packed: UnsafeMutablePointer<Float>, depth0: Int, depth: Int, column0: Int, columns: Int) {
        let width = Tile.columns
        for panel in stride(from: 0, to: columns, by: width) {
            let destination = packed + panel * depth
            let count = min(width, columns - panel)
            if transposeB {
                // Column j of the panel is a contiguous run of stored row j: read each run once, in order.
                for j in 0..<count {
                    let source = b + (column0 + panel + j) * ldb + depth0
                    for p in 0..<depth { destination[p * width + j] = source[p] }
                }
                for j in count..<width {
                    for p in 0..<depth { destination[p * width + j] = 0 }
                }
            } else if count == width {
                let target = UnsafeMutableRawPointer(destination)
                let laneBytes = MemoryLayout<Tile.Lane>.stride
                for p in 0..<depth {
                    let row = UnsafeRawPointer(b + (depth0 + p) * ldb + column0 + panel)
                    let offset = p * 2 * laneBytes
                    target.storeBytes(of: row.loadUnaligned(as: Tile.Lane.self), toByteOffset: offset, as: Tile.Lane.self)
                    target.storeBytes(of: row.loadUnaligned(fromByteOffset: laneBytes, as: Tile.Lane.self),
                                      toByteOffset: offset + laneBytes, as: Tile.Lane.self)
                }
            } else {
                for p in 0..<depth {
                    let row = destination + p * width
                    row.update(from: b + (depth0 + p) * ldb + column0 + panel, count: count)
                    (row + count).update(repeating: 0, count: width - count)
                }
            }
        }
    }

    /// Packs op(A)[row0..<row0+rows][depth0..<depth0+depth] as consecutive panels of `Tile.rows` rows,
    /// stored depth-major (for each p, the panel's rows are adjacent), zero-padded past the last row.
    func packA(into packed: UnsafeMutablePointer<Float>, row0: Int, rows: Int, depth0: Int, depth: Int) {
        let height = Tile.rows
        for panel in stride(from: 0, to: rows, by: height) {
            let destination = packed + panel * depth
            let count = min(height, rows - panel)
            if transposeA {
                for p in 0..<depth {
                    let source = a + (depth0 + p) * lda + row0 + panel
                    let column = destination + p * height
                    for r in 0..<count { column[r] = source[r] }
                    for r in count..<height { column[r] = 0 }
                }
            } else if count == height {
                // The panel's row streams read in step, the panel written in order.
                let first = a + (row0 + panel) * lda + depth0
                for p in 0..<depth {
                    let column = destination + p * height
                    for r in 0..<height { column[r] = first[r * lda + p] }
                }
            } else {
                for r in 0..<height {
                    if r < count {
                        let source = a + (row0 + panel + r) * lda + depth0
                        for p in 0..<depth { destination[p * height + r] = source[p] }
                    } else {
                        for p in 0..<depth { destination[p * height + r] = 0 }
                    }
                }
            }
        }
    }
}
