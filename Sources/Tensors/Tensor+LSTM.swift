import Kernels

/// One step of a long short-term memory cell with PyTorch's parameter layout.
extension Tensor {
    /// One LSTM step (PyTorch's `LSTMCell`): input `[B, I]`, hidden and cell `[B, H]`,
    /// `weightInput [4H, I]`, `weightHidden [4H, H]`, biases `[4H]`. Gate rows are stacked in PyTorch's
    /// order i, f, g, o, so PyTorch weights load unchanged:
    /// `i, f, o = σ(...)`, `g = tanh(...)`, `c' = f c + i g`, `h' = o tanh(c')`.
    public static func lstmCell(input: Tensor, hidden: Tensor, cell: Tensor,
                                weightInput: Tensor, weightHidden: Tensor,
                                biasInput: Tensor?, biasHidden: Tensor?) -> (hidden: Tensor, cell: Tensor) {
        let size = hidden.shape[hidden.rank - 1]
        precondition(weightInput.shape[0] == 4 * size && weightHidden.shape == [4 * size, size],
                     "LSTM weights \(weightInput.shape), \(weightHidden.shape) do not fit hidden size \(size)")
        let gates = linear(input, weight: weightInput, bias: biasInput) + linear(hidden, weight: weightHidden, bias: biasHidden)
        let stateShape = Array(gates.shape.dropLast()) + [size]
        guard cell.shape == stateShape else { return composedGates(gates, cell: cell, size: size) }
        return fusedGates(gates, cell: cell, size: size)
    }

    /// The gate nonlinearities and the new state as one tape entry (`LSTMGates`), whose value holds
    /// h' and c' side by side in each row, split afterwards.
    static func fusedGates(_ gates: Tensor, cell: Tensor, size: Int) -> (hidden: Tensor, cell: Tensor) {
        let rows = cell.count / Swift.max(size, 1)
        var activated = gates.scalars
        var state = [Float](repeating: 0, count: rows * 2 * size)
        var squashed = [Float](repeating: 0, count: rows * size)
        activated.withUnsafeMutableBufferPointer { g in
            cell.scalars.withUnsafeBufferPointer { c in
                state.withUnsafeMutableBufferPointer { s in
                    squashed.withUnsafeMutableBufferPointer { q in
                        guard let g = g.baseAddress, let c = c.baseAddress, let s = s.baseAddress, let q = q.baseAddress else { return }
                        LSTMGates.forward(rows: rows, size: size, gates: g, cell: c, newHidden: .init(s, stride: 2 * size),
                                          newCell: .init(s + size, stride: 2 * size), squashedCell: q)
                    }
                }
            }
        }
        var combined = Tensor(shape: Array(gates.shape.dropLast()) + [2 * size], scalars: state)
        let (activatedGates, squashedCell) = (activated, squashed)
        if let tape = Tape.recording(gates, cell) {
            combined = tape.record(combined, inputs: [gates, cell]) { grad in
                var gateGradient = [Float](repeating: 0, count: gates.count)
                var cellGradient = [Float](repeating: 0, count: cell.count)
                activatedGates.withUnsafeBufferPointer { g in
                    cell.scalars.withUnsafeBufferPointer { c in
                        squashedCell.withUnsafeBufferPointer { q in
                            grad.scalars.withUnsafeBufferPointer { upstream in
                                gateGradient.withUnsafeMutableBufferPointer { dg in
                                    cellGradient.withUnsafeMutableBufferPointer { dc in
                                        guard let g = g.baseAddress, let c = c.baseAddress, let q = q.baseAddress,
                                              let upstream = upstream.baseAddress, let dg = dg.baseAddress,
                                              let dc = dc.baseAddress else { return }
                                        // Read-only: Rows is shared with the forward pass's outputs.
                                        let base = UnsafeMutablePointer(mutating: upstream)
                                        LSTMGates.backward(rows: rows, size: size, gates: g, cell: c, squashedCell: q,
                                                           hiddenGradient: .init(base, stride: 2 * size),
                                                           cellGradient: .init(base + size, stride: 2 * size),
                                                           gateGradient: dg, previousCellGradient: dc)
                                    }
                                }
                            }
                        }
                    }
                }
                return [Tensor(shape: gates.shape, scalars: gateGradient), Tensor(shape: cell.shape, scalars: cellGradient)]
            }
        }
        let parts = combined.split([size, size], axis: -1)
        return (parts[0], parts[1])
    }

    /// The step from separate tensor operations, for a cell state that broadcasts against the gates.
    static func composedGates(_ gates: Tensor, cell: Tensor, size: Int) -> (hidden: Tensor, cell: Tensor) {
        let parts = gates.split([size, size, size, size], axis: -1)
        let (inputGate, forgetGate) = (parts[0].sigmoid(), parts[1].sigmoid())
        let (candidate, outputGate) = (parts[2].tanh(), parts[3].sigmoid())
        let newCell = forgetGate * cell + inputGate * candidate
        return (outputGate * newCell.tanh(), newCell)
    }
}
