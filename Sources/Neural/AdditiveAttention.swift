import Kernels
import Tensors

extension Tensor {
    /// Show-Attend-Tell attention scores in one fused, differentiable operation:
    /// `e[n, l] = Σ_a w[a] · tanh(P[n, l, a] + q[n, a]) + b` for projected features `P [N, L, A]`, a projected
    /// query `q [N, A]`, score weights `w [1, A]` and bias `b [1]`.
    ///
    /// Written out with generic tensor ops this materialises three `[N, L, A]` temporaries per step forward and
    /// as many backward (12 MB each at the stroke network's training batch); fused, it makes one pass each
    /// way and keeps only the tanh values for the backward pass.
    public static func additiveAttentionScores(projected: Tensor, query: Tensor, weight: Tensor, bias: Tensor) -> Tensor {
        precondition(projected.rank == 3 && query.shape == [projected.shape[0], projected.shape[2]]
                     && weight.shape == [1, projected.shape[2]] && bias.shape == [1],
                     "attention shapes do not fit: \(projected.shape), \(query.shape), \(weight.shape), \(bias.shape)")
        let (n, l, a) = (projected.shape[0], projected.shape[1], projected.shape[2])
        // Every element of these buffers is written below, so they skip zero-filling (12 MB per step in training).
        var activations = [Float](unsafeUninitializedCapacity: n * l * a) { $1 = n * l * a }
        var scores = [Float](repeating: 0, count: n * l)
        projected.scalars.withUnsafeBufferPointer { p in
            query.scalars.withUnsafeBufferPointer { q in
                weight.scalars.withUnsafeBufferPointer { w in
                    activations.withUnsafeMutableBufferPointer { t in
                        scores.withUnsafeMutableBufferPointer { e in
                            let (p, q, w, t, e, b) = (p.baseAddress!, q.baseAddress!, w.baseAddress!, t.baseAddress!, e.baseAddress!, bias.scalars[0])
                            Parallel.forEachHalf(of: n, splitting: n * l * a >= 1 << 18) { items in
                                let first = items.lowerBound * l
                                AdditiveAttention.scores(rows: items.count * l, places: l, width: a, projected: p + first * a,
                                                         query: q + items.lowerBound * a, weight: w, bias: b,
                                                         activations: t + first * a, scores: e + first)
                            }
                        }
                    }
                }
            }
        }
        let output = Tensor(shape: [n, l], scalars: scores)
        return Tensor.custom(inputs: [projected, query, weight, bias], output: output) { gradient in
            var dProjected = [Float](unsafeUninitializedCapacity: n * l * a) { $1 = n * l * a }
            var dQuery = [Float](repeating: 0, count: n * a)
            // Each half of the batch sums its own score-weight gradient; the halves are added at the end.
            var dWeightHalves = [Float](repeating: 0, count: 2 * a)
            let g = gradient.scalars
            activations.withUnsafeBufferPointer { t in
                weight.scalars.withUnsafeBufferPointer { w in
                    g.withUnsafeBufferPointer { g in
                        dProjected.withUnsafeMutableBufferPointer { dp in
                            dQuery.withUnsafeMutableBufferPointer { dq in
                                dWeightHalves.withUnsafeMutableBufferPointer { dw in
                                    let (t, w, g, dp, dq, dw) = (t.baseAddress!, w.baseAddress!, g.baseAddress!, dp.baseAddress!,
                                                                 dq.baseAddress!, dw.baseAddress!)
                                    Parallel.forEachHalf(of: n, splitting: n * l * a >= 1 << 18) { items in
                                        let first = items.lowerBound * l
                                        AdditiveAttention.scoreGradients(rows: items.count * l, places: l, width: a,
                                                                         activations: t + first * a, weight: w,
                                                                         scoreGradients: g + first, projected: dp + first * a,
                                                                         query: dq + items.lowerBound * a,
                                                                         weightGradient: dw + (first == 0 ? 0 : a))
                                    }
                                }
                            }
                        }
                    }
                }
            }
            let dWeight = (0..<a).map { dWeightHalves[$0] + dWeightHalves[a + $0] }
            return [Tensor(shape: [n, l, a], scalars: dProjected), Tensor(shape: [n, a], scalars: dQuery),
                    Tensor(shape: [1, a], scalars: dWeight), Tensor(shape: [1], scalars: [g.reduce(0, +)])]
        }
    }
}
