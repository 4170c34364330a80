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
                                attentionScores(rows: items.count * l, places: l, width: a, projected: p + first * a, query: q + items.lowerBound * a,
                                                weight: w, bias: b, activations: t + first * a, scores: e + first)
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
                                        attentionScoreGradients(rows: items.count * l, places: l, width: a, activations: t + first * a,
                                                                weight: w, scoreGradients: g + first, projected: dp + first * a,
                                                                query: dq + items.lowerBound * a, weightGradient: dw + (first == 0 ? 0 : a))
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

/// The forward kernel of ``Tensor/additiveAttentionScores(projected:query:weight:bias:)``: for each of `rows`
/// rows of `projected` (`width` wide; every `places` consecutive rows share one query row),
/// `activations[row] = tanh(projected[row] + query[row / places])` and `scores[row] = weight · activations[row] + bias`.
func attentionScores(rows: Int, places: Int, width a: Int, projected p: UnsafePointer<Float>, query q: UnsafePointer<Float>,
                     weight w: UnsafePointer<Float>, bias b: Float, activations t: UnsafeMutablePointer<Float>,
                     scores: UnsafeMutablePointer<Float>) {
    for row in 0..<rows {
        let base = row * a, queryBase = (row / places) * a
        var k = 0
        while k + 8 <= a {
            store8(load8(p + base + k) + load8(q + queryBase + k), t + base + k)
            k += 8
        }
        while k < a { t[base + k] = p[base + k] + q[queryBase + k]; k += 1 }
        Activation.tanh(t + base, into: t + base, count: a)
        var sum = SIMD8<Float>.zero
        k = 0
        while k + 8 <= a { sum += load8(t + base + k) * load8(w + k); k += 8 }
        var total = sum.sum()
        while k < a { total += t[base + k] * w[k]; k += 1 }
        scores[row] = total + b
    }
}

/// The backward kernel of ``Tensor/additiveAttentionScores(projected:query:weight:bias:)`` for `rows` rows: from the
/// tanh values and the score gradients, writes the projected features' gradient and adds into the query's
/// (rows `places` at a time share a query row) and the score weights' gradients.
func attentionScoreGradients(rows: Int, places: Int, width a: Int, activations t: UnsafePointer<Float>, weight w: UnsafePointer<Float>,
                             scoreGradients g: UnsafePointer<Float>, projected dp: UnsafeMutablePointer<Float>,
                             query dq: UnsafeMutablePointer<Float>, weightGradient dw: UnsafeMutablePointer<Float>) {
    for row in 0..<rows {
        let base = row * a, queryBase = (row / places) * a, gr = g[row]
        var k = 0
        while k + 8 <= a {
            let y = load8(t + base + k)
            store8(load8(dw + k) + gr * y, dw + k)
            let pre = gr * load8(w + k) * (1 - y * y)
            store8(pre, dp + base + k)
            store8(load8(dq + queryBase + k) + pre, dq + queryBase + k)
            k += 8
        }
        while k < a {
            let y = t[base + k]
            dw[k] += gr * y
            let pre = gr * w[k] * (1 - y * y)
            dp[base + k] = pre
            dq[queryBase + k] += pre
            k += 1
        }
    }
}

@inline(__always)
private func load8(_ pointer: UnsafePointer<Float>) -> SIMD8<Float> {
    UnsafeRawPointer(pointer).loadUnaligned(as: SIMD8<Float>.self)
}

@inline(__always)
private func load8(_ pointer: UnsafeMutablePointer<Float>) -> SIMD8<Float> {
    UnsafeRawPointer(pointer).loadUnaligned(as: SIMD8<Float>.self)
}

@inline(__always)
private func store8(_ value: SIMD8<Float>, _ pointer: UnsafeMutablePointer<Float>) {
    UnsafeMutableRawPointer(pointer).storeBytes(of: value, as: SIMD8<Float>.self)
}
