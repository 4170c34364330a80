import Testing
import Random
@testable import Kernels

@Suite struct GemmTests {
    /// C = alpha·op(A)·op(B) + beta·C computed plainly in Double from the stored layouts.
    func reference(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Double,
                   a: [Float], lda: Int, b: [Float], ldb: Int, beta: Double, c: [Float], ldc: Int) -> [Double] {
        var result = c.map(Double.init)
        for i in 0..<m {
            for j in 0..<n {
                var sum = 0.0
                for p in 0..<k {
                    let x = transposeA ? a[p * lda + i] : a[i * lda + p]
                    let y = transposeB ? b[j * ldb + p] : b[p * ldb + j]
                    sum += Double(x) * Double(y)
                }
                result[i * ldc + j] = alpha * sum + (beta == 0 ? 0 : beta * Double(c[i * ldc + j]))
            }
        }
        return result
    }

    /// Runs one product with padded leading dimensions and compares every element of C, including
    /// the padding columns, which must be left untouched.
    func check(m: Int, n: Int, k: Int, transposeA: Bool, transposeB: Bool, alpha: Float, beta: Float,
               generator: inout SeededGenerator, sourceLocation: SourceLocation = #_sourceLocation) {
        let lda = (transposeA ? m : k) + generator.int(in: 0...3)
        let ldb = (transposeB ? k : n) + generator.int(in: 0...3)
        let ldc = n + generator.int(in: 0...3)
        let a = generator.floats((transposeA ? k : m) * lda)
        let b = generator.floats((transposeB ? n : k) * ldb)
        var c = generator.floats(m * ldc)
        let expected = reference(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: Double(alpha),
                                 a: a, lda: lda, b: b, ldb: ldb, beta: Double(beta), c: c, ldc: ldc)
        Gemm.multiply(transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: alpha,
                      a: a, lda: lda, b: b, ldb: ldb, beta: beta, c: &c, ldc: ldc)
        // Float sums of k products of magnitude <= 1 carry relative error ~ k·2^-24; 1e-5·(1 + k/64) is ample.
        let tolerance = 1e-5 * (1 + Double(k) / 64)
        let error = maximumRelativeError(c, expected)
        #expect(error < tolerance, "m \(m) n \(n) k \(k) tA \(transposeA) tB \(transposeB) beta \(beta): error \(error)",
                sourceLocation: sourceLocation)
    }

    @Test func randomShapesAllTransposes() {
        var generator = SeededGenerator(seed: 100)
        for trial in 0..<40 {
            let m = generator.int(in: 1...40), n = generator.int(in: 1...50), k = generator.int(in: 1...70)
            let beta: Float = [0, 1, 0.5, -2][trial % 4]
            check(m: m, n: n, k: k, transposeA: trial % 2 == 0, transposeB: trial % 3 == 0,
                  alpha: Float(generator.nextUniform(in: -2..<2)), beta: beta, generator: &generator)
        }
    }

    /// Shapes that cross the cache blocks (depth 320, rows 96) and the two-core split threshold; the
    /// last is split although both extents are under two tiles (the cut must stay inside the matrix).
    @Test(arguments: [(97, 130, 300), (200, 33, 257), (128, 256, 64), (7, 2050, 9), (64, 130, 1024), (3, 10, 40_000)])
    func blockedAndParallelShapes(m: Int, n: Int, k: Int) {
        var generator = SeededGenerator(seed: 101, stream: UInt64(m))
        for (transposeA, transposeB) in [(false, false), (true, false), (false, true), (true, true)] {
            check(m: m, n: n, k: k, transposeA: transposeA, transposeB: transposeB, alpha: 1, beta: 0.5, generator: &generator)
        }
    }

    /// A·Bᵀ with k >= 65 takes the unpacked dot-product path (6×2 tiles): rows not a multiple of 6,
    /// odd column counts, depths not a multiple of 8, more B rows than one column block (128), depths
    /// over one depth block (1024), 2-row and 2-column products, and few-row products with a matrix large
    /// enough to split over the cores (3 x 1030 x 80, as a lockstep LSTM step); 64 deep, the packed path.
    @Test(arguments: [(13, 131, 67), (6, 2, 65), (2, 2, 72), (2, 300, 97), (300, 3, 64), (7, 9, 1100), (64, 260, 130), (11, 37, 70),
                      (3, 1030, 80), (5, 70, 75)])
    func dotProductShapes(m: Int, n: Int, k: Int) {
        var generator = SeededGenerator(seed: 104, stream: UInt64(m * 10_000 + n))
        for beta: Float in [0, 1, -0.5] {
            check(m: m, n: n, k: k, transposeA: false, transposeB: true, alpha: 0.75, beta: beta, generator: &generator)
        }
    }

    /// Depths that split into several equal blocks on the packed path (320 at most per block), with
    /// beta applied once (on the first block) and edge tiles in both directions.
    @Test(arguments: [(7, 17, 321), (13, 33, 700), (97, 18, 641)])
    func balancedDepthBlocks(m: Int, n: Int, k: Int) {
        var generator = SeededGenerator(seed: 105, stream: UInt64(k))
        for (transposeA, transposeB) in [(false, false), (true, false), (true, true)] {
            for beta: Float in [0, -2] {
                check(m: m, n: n, k: k, transposeA: transposeA, transposeB: transposeB, alpha: 1.5, beta: beta, generator: &generator)
            }
        }
    }

    /// Matrix-vector products (m == 1 or n == 1) take their own path; lengths around the 16-lane width.
    @Test func matrixVectorShapes() {
        var generator = SeededGenerator(seed: 102)
        for (m, n, k) in [(1, 1024, 256), (1, 1000, 300), (1, 17, 33), (1, 3, 1), (300, 1, 31), (5, 1, 16), (1, 1, 15)] {
            for (transposeA, transposeB) in [(false, false), (true, false), (false, true), (true, true)] {
                check(m: m, n: n, k: k, transposeA: transposeA, transposeB: transposeB, alpha: 0.7, beta: -1, generator: &generator)
            }
        }
    }

    /// beta == 0 must overwrite C without reading it, so NaN garbage in C does not survive.
    /// On every path: packed (one and several depth blocks), dot products, matrix-vector.
    @Test func betaZeroClearsGarbage() {
        var generator = SeededGenerator(seed: 103)
        for (m, n, k, transposeB) in [(5, 7, 3, false), (1, 9, 3, false), (5, 7, 700, false), (5, 7, 40, true), (8, 3, 1100, true)] {
            let a = generator.floats(m * k), b = generator.floats(k * n)
            var c = [Float](repeating: .nan, count: m * n)
            Gemm.multiply(transposeA: false, transposeB: transposeB, m: m, n: n, k: k, alpha: 1,
                          a: a, lda: k, b: b, ldb: transposeB ? k : n, beta: 0, c: &c, ldc: n)
            #expect(c.allSatisfy { $0.isFinite }, "m \(m) n \(n) k \(k) transposeB \(transposeB)")
        }
    }

    /// k == 0 leaves beta·C.
    @Test func emptyDepthScalesC() {
        var c: [Float] = [1, 2, 3, 4]
        Gemm.multiply(transposeA: false, transposeB: false, m: 2, n: 2, k: 0, alpha: 1,
                      a: [Float](), lda: 1, b: [Float](), ldb: 2, beta: 3, c: &c, ldc: 2)
        #expect(c == [3, 6, 9, 12])
    }
}
