/// The kernels of Show-Attend-Tell (additive) attention scores, `e[row] = w · tanh(P[row] + q) + b`, and of
/// their gradient.
///
/// The forward pass is one sweep per row: the sum, its tanh and the dot product with `w` stay in registers,
/// eight lanes at a time. The tanh values are written out only when a backward pass will need them.
public enum AdditiveAttention {
    typealias Lane = SIMD8<Float>

    /// For each of `rows` rows of `projected` (`width` wide; every `places` consecutive rows share one row of
    /// `query`): `scores[row] = weight · tanh(projected[row] + query[row / places]) + bias`, and, when
    /// `activations` is given, `activations[row] = tanh(projected[row] + query[row / places])`.
    public static func scores(rows: Int, places: Int, width: Int, projected: UnsafePointer<Float>, query: UnsafePointer<Float>,
                              weight: UnsafePointer<Float>, bias: Float, activations: UnsafeMutablePointer<Float>?,
                              scores: UnsafeMutablePointer<Float>) {
        let whole = width / Lane.scalarCount * Lane.scalarCount
        for row in 0..<rows {
            let p = projected + row * width, q = query + (row / places) * width
            let t = activations.map { $0 + row * width }
            var sum = Lane()
            var k = 0
            while k < whole {
                let y = Activation.tanh(load(p + k) + load(q + k))
                if let t { store(y, t + k) }
                sum.addProduct(y, load(weight + k))
                k += Lane.scalarCount
            }
            var total = sum.sum()
            while k < width {
                let y = Activation.tanh(Lane(repeating: p[k] + q[k]))[0]
                t?[k] = y
                total += y * weight[k]
                k += 1
            }
            scores[row] = total + bias
        }
    }

    /// The backward pass of ``scores(rows:places:width:projected:query:weight:bias:activations:scores:)`` for
    /// `rows` rows, from their tanh values and score gradients: writes the projected rows' gradient and adds
    /// into the query's (rows `places` at a time share a query row) and the score weights' gradients.
    public static func scoreGradients(rows: Int, places: Int, width: Int, activations: UnsafePointer<Float>,
                                      weight: UnsafePointer<Float>, scoreGradients: UnsafePointer<Float>,
                                      projected: UnsafeMutablePointer<Float>, query: UnsafeMutablePointer<Float>,
                                      weightGradient: UnsafeMutablePointer<Float>) {
        let whole = width / Lane.scalarCount * Lane.scalarCount
        for row in 0..<rows {
            let t = activations + row * width, dp = projected + row * width, dq = query + (row / places) * width
            let g = scoreGradients[row]
            var k = 0
            while k < whole {
                let y = load(t + k)
                store(load(weightGradient + k) + g * y, weightGradient + k)
                let pre = g * load(weight + k) * (1 - y * y)
                store(pre, dp + k)
                store(load(dq + k) + pre, dq + k)
                k += Lane.scalarCount
            }
            while k < width {
                let y = t[k]
                weightGradient[k] += g * y
                let pre = g * weight[k] * (1 - y * y)
                dp[k] = pre
                dq[k] += pre
                k += 1
            }
        }
    }

    @inline(__always)
    private static func load(_ pointer: UnsafePointer<Float>) -> Lane {
        UnsafeRawPointer(pointer).loadUnaligned(as: Lane.self)
    }

    @inline(__always)
    private static func load(_ pointer: UnsafeMutablePointer<Float>) -> Lane {
        UnsafeRawPointer(pointer).loadUnaligned(as: Lane.self)
    }

    @inline(__always)
    private static func store(_ value: Lane, _ pointer: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(pointer).storeBytes(of: value, as: Lane.self)
    }
}
