import Foundation

/// Eigenvalues and eigenvectors of a real symmetric matrix, by cyclic Jacobi rotations: each rotation zeroes one
/// off-diagonal pair, and sweeps repeat until the off-diagonal mass is negligible. Robust and accurate to a few
/// ulps for the matrices of a few hundred rows this project meets (Laplace Hessians); O(n³) per sweep, and it
/// converges quadratically, in under ten sweeps in practice.
public struct SymmetricEigen: Sendable {
    /// The eigenvalues, ascending.
    public let values: [Double]
    /// The eigenvectors, `vectors[k]` for `values[k]`, orthonormal.
    public let vectors: [[Double]]

    /// The decomposition of `matrix` (n x n, row-major; symmetrised as (A + Aᵀ)/2 first).
    public init(_ matrix: [Double], size n: Int) {
        precondition(matrix.count == n * n, "a \(n)x\(n) matrix needs \(n * n) entries, got \(matrix.count)")
        var a = matrix
        for i in 0..<n { for j in 0..<i { let mean = (a[i * n + j] + a[j * n + i]) / 2; a[i * n + j] = mean; a[j * n + i] = mean } }
        var v = [Double](repeating: 0, count: n * n)
        for i in 0..<n { v[i * n + i] = 1 }
        let scale = max(a.reduce(0) { $0 + $1 * $1 }, .leastNormalMagnitude)
        for _ in 0..<60 {
            var offDiagonal = 0.0
            for i in 0..<n { for j in (i + 1)..<n { offDiagonal += 2 * a[i * n + j] * a[i * n + j] } }
            if offDiagonal <= scale * 1e-30 { break }
            for p in 0..<n {
                for q in (p + 1)..<n where a[p * n + q] != 0 {
                    // The rotation by θ in the (p, q) plane with tan 2θ = 2 a_pq / (a_qq - a_pp), taking the smaller angle.
                    let theta = (a[q * n + q] - a[p * n + p]) / (2 * a[p * n + q])
                    let t = (theta >= 0 ? 1.0 : -1.0) / (abs(theta) + (theta * theta + 1).squareRoot())
                    let c = 1 / (t * t + 1).squareRoot(), s = t * c
                    for k in 0..<n {
                        let (akp, akq) = (a[k * n + p], a[k * n + q])
                        a[k * n + p] = c * akp - s * akq
                        a[k * n + q] = s * akp + c * akq
                    }
                    for k in 0..<n {
                        let (apk, aqk) = (a[p * n + k], a[q * n + k])
                        a[p * n + k] = c * apk - s * aqk
                        a[q * n + k] = s * apk + c * aqk
                    }
                    for k in 0..<n {
                        let (vkp, vkq) = (v[k * n + p], v[k * n + q])
                        v[k * n + p] = c * vkp - s * vkq
                        v[k * n + q] = s * vkp + c * vkq
                    }
                }
            }
        }
        let order = (0..<n).sorted { a[$0 * n + $0] < a[$1 * n + $1] }
        values = order.map { a[$0 * n + $0] }
        vectors = order.map { k in (0..<n).map { v[$0 * n + k] } }
    }
}
