import Foundation

/// The Cholesky factorisation A = L Lᵀ of a symmetric positive definite matrix, for log-determinants
/// (Laplace approximations) and their failure point when A is not positive definite.
public enum Cholesky {
    /// log det A for the n x n row-major matrix `a`, or `nil` with the index of the first pivot that is not
    /// positive (A is then not positive definite; in the leading (k+1) x (k+1) block it is not).
    public static func logDeterminant(of a: [Double], size n: Int) -> (logDeterminant: Double?, failedPivot: Int) {
        precondition(a.count == n * n, "a \(n) x \(n) matrix needs \(n * n) entries, got \(a.count)")
        var l = a
        var logDeterminant = 0.0
        for j in 0..<n {
            var diagonal = l[j * n + j]
            for k in 0..<j { diagonal -= l[j * n + k] * l[j * n + k] }
            guard diagonal > 0 else { return (nil, j) }
            let pivot = diagonal.squareRoot()
            l[j * n + j] = pivot
            logDeterminant += 2 * log(pivot)
            for i in (j + 1)..<n {
                var entry = l[i * n + j]
                for k in 0..<j { entry -= l[i * n + k] * l[j * n + k] }
                l[i * n + j] = entry / pivot
            }
        }
        return (logDeterminant, n)
    }
}
