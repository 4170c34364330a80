import Tensors

/// Every drawing's first stroke starts on the blank canvas, so the evaluators compute their network's
/// features of it once, when they are made, and copy them for each blank canvas of a batch instead of
/// running the CNN on it (a third of the CNN work of scoring a 3-stroke character).
enum BlankCanvas {
    /// Per output i, the rows `[N * width_i]` of canvases `[N, 1, H, W]`: the inked canvases' from `compute`
    /// (called once, on those canvases only, if there are any), the blank ones' copied from `blank[i]`.
    static func features(of canvases: Tensor, blank: [[Float]], _ compute: (Tensor) -> [Tensor]) -> [[Float]] {
        let count = canvases.shape[0], size = canvases.count / max(count, 1)
        let inked = canvases.scalars.withUnsafeBufferPointer { values in
            (0..<count).filter { row in values[(row * size)..<((row + 1) * size)].contains { $0 != 0 } }
        }
        if inked.count == count { return compute(canvases).map(\.scalars) }
        let computed = inked.isEmpty ? [] : compute(canvases.gathered(axis: 0, indices: inked)).map(\.scalars)
        return blank.indices.map { output in
            let width = blank[output].count
            var rows = [Float]()
            rows.reserveCapacity(count * width)
            var next = 0
            for row in 0..<count {
                if next < inked.count, inked[next] == row {
                    rows += computed[output][(next * width)..<((next + 1) * width)]
                    next += 1
                } else {
                    rows += blank[output]
                }
            }
            return rows
        }
    }

    /// One blank canvas `[1, 1, side, side]`.
    static func tensor(side: Int) -> Tensor { Tensor.zeros([1, 1, side, side]) }
}
