import Foundation
import Testing
import Random
@testable import Kernels

@Suite struct LSTMGatesTests {
    /// h' and c' of one row from the pre-activations and the old cell, in Double.
    static func reference(_ z: [Double], _ c: [Double], size: Int) -> (h: [Double], c: [Double]) {
        func sigmoid(_ v: Double) -> Double { 1 / (1 + Foundation.exp(-v)) }
        var h = [Double](), cNew = [Double]()
        for u in 0..<size {
            let (i, f) = (sigmoid(z[u]), sigmoid(z[size + u]))
            let (g, o) = (Foundation.tanh(z[2 * size + u]), sigmoid(z[3 * size + u]))
            cNew.append(f * c[u] + i * g)
            h.append(o * Foundation.tanh(cNew[u]))
        }
        return (h, cNew)
    }

    /// Rows of 19 units (not a multiple of the 8-lane vectors), state rows strided as the Tensors
    /// layer stores them (h' and c' side by side).
    @Test func forwardAndBackwardMatchDouble() {
        var generator = SeededGenerator(seed: 300)
        let (rows, size) = (3, 19)
        let preactivations = generator.floats(rows * 4 * size, in: -3..<3), cell = generator.floats(rows * size, in: -2..<2)
        let upstream = generator.floats(rows * 2 * size)  // d h' | d c' per row
        var gates = preactivations
        var state = [Float](repeating: .nan, count: rows * 2 * size), squashed = [Float](repeating: .nan, count: rows * size)
        var gateGradient = [Float](repeating: .nan, count: gates.count), cellGradient = [Float](repeating: .nan, count: cell.count)
        gates.withUnsafeMutableBufferPointer { g in
            state.withUnsafeMutableBufferPointer { s in
                squashed.withUnsafeMutableBufferPointer { q in
                    LSTMGates.forward(rows: rows, size: size, gates: g.baseAddress!, cell: cell, newHidden: .init(s.baseAddress!, stride: 2 * size),
                                      newCell: .init(s.baseAddress! + size, stride: 2 * size), squashedCell: q.baseAddress!)
                }
            }
        }
        var upstreamCopy = upstream
        upstreamCopy.withUnsafeMutableBufferPointer { u in
            LSTMGates.backward(rows: rows, size: size, gates: gates, cell: cell, squashedCell: squashed,
                               hiddenGradient: .init(u.baseAddress!, stride: 2 * size), cellGradient: .init(u.baseAddress! + size, stride: 2 * size),
                               gateGradient: &gateGradient, previousCellGradient: &cellGradient)
        }
        for r in 0..<rows {
            let z = (0..<4 * size).map { Double(preactivations[r * 4 * size + $0]) }
            let c = (0..<size).map { Double(cell[r * size + $0]) }
            let dh = (0..<size).map { Double(upstream[r * 2 * size + $0]) }, dc = (0..<size).map { Double(upstream[r * 2 * size + size + $0]) }
            let want = Self.reference(z, c, size: size)
            for u in 0..<size {
                #expect(abs(Double(state[r * 2 * size + u]) - want.h[u]) < 1e-6)
                #expect(abs(Double(state[r * 2 * size + size + u]) - want.c[u]) < 1e-6)
            }
            // L = Σ dh·h' + dc·c' is smooth; central differences in Double with step 1e-5 have truncation
            // error ~1e-10, far under the Float tolerance 1e-5.
            func loss(_ z: [Double], _ c: [Double]) -> Double {
                let (h, cNew) = Self.reference(z, c, size: size)
                return (0..<size).reduce(0) { $0 + dh[$1] * h[$1] + dc[$1] * cNew[$1] }
            }
            let step = 1e-5
            for j in 0..<4 * size {
                var (up, down) = (z, z)
                up[j] += step; down[j] -= step
                let expected = (loss(up, c) - loss(down, c)) / (2 * step)
                #expect(abs(Double(gateGradient[r * 4 * size + j]) - expected) < 1e-5, "row \(r) gate \(j)")
            }
            for u in 0..<size {
                var (up, down) = (c, c)
                up[u] += step; down[u] -= step
                let expected = (loss(z, up) - loss(z, down)) / (2 * step)
                #expect(abs(Double(cellGradient[r * size + u]) - expected) < 1e-5, "row \(r) cell \(u)")
            }
        }
    }
}
