/// The matrix-vector special case of `Gemm` (m == 1 or n == 1, e.g. a batch-1 LSTM step): no packing,
/// the matrix streams through once, vectorised along its contiguous axis.
enum MatrixVector {
    typealias Lane = SIMD16<Float>

    /// C += alpha·op(A)·op(B) when m == 1 or n == 1, as y = M·x with M the matrix operand.
    static func accumulate(_ operands: Operands, m: Int, n: Int, k: Int, alpha: Float, c: UnsafeMutablePointer<Float>, ldc: Int,
                           parallel: Bool) {
        let vector = UnsafeMutablePointer<Float>.allocate(capacity: k)
        defer { vector.deallocate() }
        if m == 1 {
            // c[0][j] = Σ_p op(A)[0][p] · op(B)[p][j]: M[j][p] = op(B)[p][j], stored transposed unless transposeB.
            for p in 0..<k { vector[p] = operands.elementA(0, p) }
            multiply(rows: n, columns: k, matrix: operands.b, ld: operands.ldb, transposed: !operands.transposeB,
                     x: vector, alpha: alpha, y: c, yStride: 1, parallel: parallel)
        } else {
            // c[i][0] = Σ_p op(A)[i][p] · op(B)[p][0]: M = op(A).
            for p in 0..<k { vector[p] = operands.elementB(p, 0) }
            multiply(rows: m, columns: k, matrix: operands.a, ld: operands.lda, transposed: operands.transposeA,
                     x: vector, alpha: alpha, y: c, yStride: ldc, parallel: parallel)
        }
    }

    /// Matrices at least this large (elements) are split over the two cores. A matrix-vector product reads
    /// each weight once, so its speed is memory bandwidth: one core streams about 16 GB/s from L3 here, two
    /// about 28 GB/s. The hand-off to the partner thread costs about a microsecond, the time to read ~16 KB;
    /// at 2^15 weights (128 KB, ~8 µs) the split saves a few microseconds.
    static let parallelElements = 1 << 15

    /// y[r·yStride] += alpha · Σ_c M[r][c]·x[c], rows split over two cores when M is large.
    static func multiply(rows: Int, columns: Int, matrix: UnsafePointer<Float>, ld: Int, transposed: Bool,
                         x: UnsafePointer<Float>, alpha: Float, y: UnsafeMutablePointer<Float>, yStride: Int, parallel: Bool) {
        // Whole vectors of rows for axpyRows, whole groups of four rows for dot4.
        let granularity = transposed ? Lane.scalarCount : 4
        guard parallel, rows >= 2 * granularity, rows * columns >= parallelElements else {
            return multiply(rows: rows, columns: columns, matrix: matrix, ld: ld, transposed: transposed,
                            x: x, alpha: alpha, y: y, yStride: yStride)
        }
        Parallel.forEachHalf(of: rows, splitting: true, granularity: granularity) { part in
            // Stored transposed, M's rows from `start` on begin `start` floats into each stored row.
            let start = part.lowerBound
            multiply(rows: part.count, columns: columns, matrix: matrix + (transposed ? start : start * ld), ld: ld,
                     transposed: transposed, x: x, alpha: alpha, y: y + start * yStride, yStride: yStride)
        }
    }

    /// y[r·yStride] += alpha · Σ_c M[r][c]·x[c], where M[r][c] = matrix[transposed ? c·ld + r : r·ld + c].
    static func multiply(rows: Int, columns: Int, matrix: UnsafePointer<Float>, ld: Int, transposed: Bool,
                         x: UnsafePointer<Float>, alpha: Float, y: UnsafeMutablePointer<Float>, yStride: Int) {
        if transposed {
            let sums = UnsafeMutablePointer<Float>.allocate(capacity: rows)
            defer { sums.deallocate() }
            axpyRows(rows: rows, columns: columns, matrix: matrix, ld: ld, x: x, into: sums)
            for r in 0..<rows { y[r * yStride] += alpha * sums[r] }
        } else {
            var r = 0
            while r + 4 <= rows {
                let (s0, s1, s2, s3) = dot4(columns: columns, matrix + r * ld, ld: ld, x: x)
                y[r * yStride] += alpha * s0
                y[(r + 1) * yStride] += alpha * s1
                y[(r + 2) * yStride] += alpha * s2
                y[(r + 3) * yStride] += alpha * s3
                r += 4
            }
            while r < rows {
                y[r * yStride] += alpha * dot(columns: columns, matrix + r * ld, x: x)
                r += 1
            }
        }
    }

    /// Four dot products of consecutive matrix rows with x, sharing each load of x.
    @inline(__always)
    static func dot4(columns: Int, _ row: UnsafePointer<Float>, ld: Int, x: UnsafePointer<Float>) -> (Float, Float, Float, Float) {
        var a0 = Lane(), a1 = Lane(), a2 = Lane(), a3 = Lane()
        let width = Lane.scalarCount
        let rx = UnsafeRawPointer(x)
        let r0 = UnsafeRawPointer(row), r1 = UnsafeRawPointer(row + ld)
        let r2 = UnsafeRawPointer(row + 2 * ld), r3 = UnsafeRawPointer(row + 3 * ld)
        var c = 0
        while c + width <= columns {
            let offset = c * MemoryLayout<Float>.size
            let v = rx.loadUnaligned(fromByteOffset: offset, as: Lane.self)
            a0.addProduct(r0.loadUnaligned(fromByteOffset: offset, as: Lane.self), v)
            a1.addProduct(r1.loadUnaligned(fromByteOffset: offset, as: Lane.self), v)
            a2.addProduct(r2.loadUnaligned(fromByteOffset: offset, as: Lane.self), v)
            a3.addProduct(r3.loadUnaligned(fromByteOffset: offset, as: Lane.self), v)
            c += width
        }
        var s0 = a0.sum(), s1 = a1.sum(), s2 = a2.sum(), s3 = a3.sum()
        while c < columns {
            s0 += row[c] * x[c]
            s1 += row[ld + c] * x[c]
            s2 += row[2 * ld + c] * x[c]
            s3 += row[3 * ld + c] * x[c]
            c += 1
        }
        return (s0, s1, s2, s3)
    }

    @inline(__always)
    static func dot(columns: Int, _ row: UnsafePointer<Float>, x: UnsafePointer<Float>) -> Float {
        var total = Lane()
        let width = Lane.scalarCount
        var c = 0
        while c + width <= columns {
            let offset = c * MemoryLayout<Float>.size
            total.addProduct(UnsafeRawPointer(row).loadUnaligned(fromByteOffset: offset, as: Lane.self),
                             UnsafeRawPointer(x).loadUnaligned(fromByteOffset: offset, as: Lane.self))
            c += width
        }
        var sum = total.sum()
        while c < columns {
            sum += row[c] * x[c]
            c += 1
        }
        return sum
    }

    /// sums[r] = Σ_c matrix[c·ld + r]·x[c]: rows of the stored matrix scaled and added, two at a time
    /// so each pass over `sums` (which stays in L1) does twice the work.
    static func axpyRows(rows: Int, columns: Int, matrix: UnsafePointer<Float>, ld: Int, x: UnsafePointer<Float>,
                         into sums: UnsafeMutablePointer<Float>) {
        sums.update(repeating: 0, count: rows)
        let width = Lane.scalarCount
        let vectorRows = rows / width * width
        let rawSums = UnsafeMutableRawPointer(sums)
        var c = 0
        while c < columns {
            let pair = c + 1 < columns
            let x0 = Lane(repeating: x[c]), x1 = Lane(repeating: pair ? x[c + 1] : 0)
            let m0 = UnsafeRawPointer(matrix + c * ld)
            let m1 = UnsafeRawPointer(matrix + (pair ? c + 1 : c) * ld)
            var r = 0
            while r < vectorRows {
                let offset = r * MemoryLayout<Float>.size
                var s = rawSums.loadUnaligned(fromByteOffset: offset, as: Lane.self)
                s.addProduct(m0.loadUnaligned(fromByteOffset: offset, as: Lane.self), x0)
                s.addProduct(m1.loadUnaligned(fromByteOffset: offset, as: Lane.self), x1)
                rawSums.storeBytes(of: s, toByteOffset: offset, as: Lane.self)
                r += width
            }
            for r in vectorRows..<rows {
                sums[r] += matrix[c * ld + r] * x[c] + (pair ? matrix[(c + 1) * ld + r] * x[c + 1] : 0)
            }
            c += 2
        }
    }
}
