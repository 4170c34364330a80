/// Straightforward loops standing in for the `Kernels` module's entry points until they land on main;
/// same parameters, so switching is a rename at each call site.
enum PendingKernels {
    /// Row-major C = alpha * op(A) * op(B) + beta * C, with op(A) of size m x k and op(B) k x n.
    static func multiply(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float,
                         a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                         beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
        for i in 0..<m {
            for j in 0..<n {
                var total: Float = 0
                for p in 0..<k {
                    let x = transposeA ? a[p * lda + i] : a[i * lda + p]
                    let y = transposeB ? b[j * ldb + p] : b[p * ldb + j]
                    total += x * y
                }
                c[i * ldc + j] = alpha * total + (beta == 0 ? 0 : beta * c[i * ldc + j])
            }
        }
    }
}
