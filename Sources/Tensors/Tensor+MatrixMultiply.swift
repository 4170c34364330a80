import Kernels

/// Matrix products: `[m, k] x [k, n]`, and batched `[..., m, k] x [..., k, n]` where the batch axes
/// agree or one side is a plain matrix shared across the batch.
extension Tensor {
    /// Accumulates `C[i] += op(A[i]) op(B[i])` for each batch item; a stride of 0 means the operand
    /// is shared by every item (for C: the items' products are summed).
    static func batchedProduct(batch: Int, transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int,
                               a: [Float], strideA: Int, b: [Float], strideB: Int,
                               c: inout [Float], strideC: Int) {
        guard m > 0, n > 0 else { return }
        a.withUnsafeBufferPointer { a in
            b.withUnsafeBufferPointer { b in
                c.withUnsafeMutableBufferPointer { c in
                    guard let a = a.baseAddress, let b = b.baseAddress, let c = c.baseAddress else { return }
                    for item in 0..<batch {
                        Gemm.multiply(
                            transposeA: transposeA, transposeB: transposeB, m: m, n: n, k: k, alpha: 1,
                            a: a + item * strideA, lda: transposeA ? m : k,
                            b: b + item * strideB, ldb: transposeB ? k : n,
                            beta: 1, c: c + item * strideC, ldc: n)
                    }
                }
            }
        }
    }

    /// The matrix product of the last two axes, batched over the leading axes.
    ///
    /// Shapes: `a [..., m, k]`, `b [..., k, n]` -> `[..., m, n]`; the leading (batch) axes must be
    /// equal, or one operand must be rank 2 (shared by every batch item). Mismatches are programmer errors.
    public static func matmul(_ a: Tensor, _ b: Tensor) -> Tensor {
        precondition(a.rank >= 2 && b.rank >= 2, "matmul needs rank >= 2, got \(a.shape) and \(b.shape)")
        let m = a.shape[a.rank - 2], k = a.shape[a.rank - 1], n = b.shape[b.rank - 1]
        precondition(b.shape[b.rank - 2] == k, "matmul inner sizes differ: \(a.shape) x \(b.shape)")
        let batchA = Array(a.shape.dropLast(2)), batchB = Array(b.shape.dropLast(2))
        precondition(batchA == batchB || batchA.isEmpty || batchB.isEmpty,
                     "matmul batch axes differ: \(a.shape) x \(b.shape)")
        let batchShape = batchA.isEmpty ? batchB : batchA
        let batch = batchShape.reduce(1, *)
        // A shared right matrix lets the whole batch be one tall product.
        let foldA = batchB.isEmpty
        let (items, rows) = foldA ? (1, batch * m) : (batch, m)
        let strideA = batchA.isEmpty ? 0 : rows * k
        let strideB = batchB.isEmpty ? 0 : k * n
        var out = [Float](repeating: 0, count: batch * m * n)
        batchedProduct(batch: items, transposeA: false, transposeB: false, m: rows, n: n, k: k,
                       a: a.scalars, strideA: strideA, b: b.scalars, strideB: strideB, c: &out, strideC: rows * n)
        let value = Tensor(shape: batchShape + [m, n], scalars: out)
        guard let tape = Tape.recording(a, b) else { return value }
        return tape.record(value, inputs: [a, b]) { grad in
            // dA = G B^T, dB = A^T G; a shared operand's gradient sums over the batch (stride 0).
            var gradA = [Float](repeating: 0, count: a.count)
            batchedProduct(batch: items, transposeA: false, transposeB: true, m: rows, n: k, k: n,
                           a: grad.scalars, strideA: rows * n, b: b.scalars, strideB: strideB,
                           c: &gradA, strideC: strideA)
            var gradB = [Float](repeating: 0, count: b.count)
            batchedProduct(batch: items, transposeA: true, transposeB: false, m: k, n: n, k: rows,
                           a: a.scalars, strideA: strideA, b: grad.scalars, strideB: rows * n,
                           c: &gradB, strideC: strideB)
            return [Tensor(shape: a.shape, scalars: gradA), Tensor(shape: b.shape, scalars: gradB)]
        }
    }

    /// A fully connected layer, `input · weightᵀ + bias` (PyTorch's `F.linear`): input `[..., in]`,
    /// weight `[out, in]` (PyTorch's layout, not copied or transposed), bias `[out]` -> `[..., out]`.
    public static func linear(_ input: Tensor, weight: Tensor, bias: Tensor? = nil) -> Tensor {
        precondition(input.rank >= 1 && weight.rank == 2 && input.shape[input.rank - 1] == weight.shape[1],
                     "linear: input \(input.shape) does not fit weight \(weight.shape)")
        precondition(bias == nil || bias!.shape == [weight.shape[0]], "linear: bias must be [\(weight.shape[0])]")
        let (outFeatures, inFeatures) = (weight.shape[0], weight.shape[1])
        let rows = input.count / Swift.max(inFeatures, 1)
        var out = [Float](repeating: 0, count: rows * outFeatures)
        if let bias {
            for row in 0..<rows { out.replaceSubrange((row * outFeatures)..<((row + 1) * outFeatures), with: bias.scalars) }
        }
        batchedProduct(batch: 1, transposeA: false, transposeB: true, m: rows, n: outFeatures, k: inFeatures,
                       a: input.scalars, strideA: 0, b: weight.scalars, strideB: 0, c: &out, strideC: 0)
        let value = Tensor(shape: Array(input.shape.dropLast()) + [outFeatures], scalars: out)
        let inputs = [input, weight] + (bias.map { [$0] } ?? [])
        guard let log = Tape.recording(inputs) else { return value }
        return log.record(value, inputs: inputs) { grad in
            // dX = G W, dW = Gᵀ X, db = column sums of G.
            [Tensor(shape: input.shape, scalars: product(m: rows, n: inFeatures, k: outFeatures, grad.scalars, weight.scalars)),
             Tensor(shape: weight.shape, scalars: product(transposeA: true, m: outFeatures, n: inFeatures, k: rows, grad.scalars, input.scalars)),
             bias.map { _ in grad.summed(to: [outFeatures]) }]
        }
    }

    /// op(A)·B as a new `[m, n]` buffer, B `[k, n]` row-major and A `[m, k]` (or `[k, m]` when `transposeA`):
    /// the weight and input gradients of the linear layers.
    static func product(transposeA: Bool = false, m: Int, n: Int, k: Int, _ a: [Float], _ b: [Float]) -> [Float] {
        [Float](unsafeUninitializedCapacity: m * n) { c, initialized in
            initialized = m * n
            guard let c = c.baseAddress else { return }
            a.withUnsafeBufferPointer { a in
                b.withUnsafeBufferPointer { b in
                    // beta 0 overwrites C, so the uninitialised buffer is never read (k = 0 writes zeros).
                    Gemm.multiply(transposeA: transposeA, transposeB: false, m: m, n: n, k: k, alpha: 1,
                                  a: a.baseAddress ?? UnsafePointer(c), lda: transposeA ? m : k,
                                  b: b.baseAddress ?? UnsafePointer(c), ldb: n, beta: 0, c: c, ldc: n)
                }
            }
        }
    }

    /// The transpose of the last two axes.
    public func transposed() -> Tensor {
        precondition(rank >= 2, "transposed() needs rank >= 2, got \(shape)")
        var order = Array(0..<rank)
        order.swapAt(rank - 1, rank - 2)
        return permuted(order)
    }
}
