/// The elementwise part of an LSTM step in PyTorch's `LSTMCell` layout (each row of the gates holds the
/// pre-activations of i, f, g, o, `size` each): activations, new state, and their backward pass, fused
/// into one sweep over the rows instead of a tensor (and a tape entry) per split, activation and product.
public enum LSTMGates {
    /// Where one row's state vectors live: base pointers and the stride between consecutive rows.
    public struct Rows {
        /// The first row.
        public var base: UnsafeMutablePointer<Float>
        /// Elements from one row to the next.
        public var stride: Int

        /// Rows starting at `base`, `stride` elements apart.
        public init(_ base: UnsafeMutablePointer<Float>, stride: Int) {
            self.base = base
            self.stride = stride
        }

        @inline(__always) func row(_ index: Int) -> UnsafeMutablePointer<Float> { base + index * stride }
    }

    /// Activates `gates` [rows × 4·size] in place (σ for i, f, o; tanh for g), then
    /// c' = f·c + i·g, squashedCell = tanh(c'), h' = o·tanh(c'). `cell` and `squashedCell` are dense [rows × size].
    public static func forward(rows: Int, size: Int, gates: UnsafeMutablePointer<Float>, cell: UnsafePointer<Float>,
                               newHidden: Rows, newCell: Rows, squashedCell: UnsafeMutablePointer<Float>) {
        for r in 0..<rows {
            let g = gates + r * 4 * size
            Activation.sigmoid(g, into: g, count: 2 * size)
            Activation.tanh(g + 2 * size, into: g + 2 * size, count: size)
            Activation.sigmoid(g + 3 * size, into: g + 3 * size, count: size)
            let (c, cNew, squashed, hNew) = (cell + r * size, newCell.row(r), squashedCell + r * size, newHidden.row(r))
            for u in 0..<size { cNew[u] = g[size + u] * c[u] + g[u] * g[2 * size + u] }
            Activation.tanh(cNew, into: squashed, count: size)
            for u in 0..<size { hNew[u] = g[3 * size + u] * squashed[u] }
        }
    }

    /// From the activated gates, the old cell, tanh(c') and the upstream gradients d h', d c': the
    /// pre-activation gate gradients [rows × 4·size] and d c [rows × size], both overwritten.
    public static func backward(rows: Int, size: Int, gates: UnsafePointer<Float>, cell: UnsafePointer<Float>,
                                squashedCell: UnsafePointer<Float>, hiddenGradient: Rows, cellGradient: Rows,
                                gateGradient: UnsafeMutablePointer<Float>, previousCellGradient: UnsafeMutablePointer<Float>) {
        for r in 0..<rows {
            let g = gates + r * 4 * size, d = gateGradient + r * 4 * size
            let (c, squashed, dPrevious) = (cell + r * size, squashedCell + r * size, previousCellGradient + r * size)
            let dh = hiddenGradient.row(r), dcNew = cellGradient.row(r)
            for u in 0..<size {
                let (i, f, candidate, o) = (g[u], g[size + u], g[2 * size + u], g[3 * size + u])
                let dc = dcNew[u] + dh[u] * o * (1 - squashed[u] * squashed[u])
                d[u] = dc * candidate * i * (1 - i)
                d[size + u] = dc * c[u] * f * (1 - f)
                d[2 * size + u] = dc * i * (1 - candidate * candidate)
                d[3 * size + u] = dh[u] * squashed[u] * o * (1 - o)
                dPrevious[u] = dc * f
            }
        }
    }
}
