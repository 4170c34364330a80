/// A B-spline basis matrix stored by rows of at most four consecutive non-zero weights.
struct SparseBasis {
    /// Index of the first control point each evaluation point depends on.
    let firstControl: [Int]
    /// The (up to) four weights of each evaluation point; unused slots are zero.
    let weights: [SIMD4<Double>]
    let controlPointCount: Int

    init(controlPointCount n: Int, evaluationCount m: Int) {
        let dense = BSpline.basisMatrix(controlPointCount: n, evaluationCount: m)
        var firsts: [Int] = [], rows: [SIMD4<Double>] = []
        for i in 0..<m {
            let row = dense[(i * n)..<(i * n + n)]
            let first = min(row.firstIndex(where: { $0 != 0 }).map { $0 - i * n } ?? 0, max(0, n - 4))
            var w = SIMD4<Double>.zero
            for j in 0..<min(4, n - first) { w[j] = dense[i * n + first + j] }
            firsts.append(first)
            rows.append(w)
        }
        firstControl = firsts
        weights = rows
        controlPointCount = n
    }

    /// Evaluation point `i` of the spline whose control points are `controls[first..<first + n]`.
    @inline(__always) func point(_ i: Int, first: Int, controls: [SIMD2<Double>]) -> SIMD2<Double> {
        let base = first + firstControl[i], w = weights[i]
        var p = w[0] * controls[base]
        for j in 1..<min(4, controlPointCount - firstControl[i]) { p += w[j] * controls[base + j] }
        return p
    }

    /// Adds the transpose of row `i` times `gradient` into `target[first...]`.
    @inline(__always) func accumulate(_ i: Int, gradient: SIMD2<Double>, first: Int, into target: inout [SIMD2<Double>]) {
        let base = first + firstControl[i], w = weights[i]
        for j in 0..<min(4, controlPointCount - firstControl[i]) { target[base + j] += w[j] * gradient }
    }
}
