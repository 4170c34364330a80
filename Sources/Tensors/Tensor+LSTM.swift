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
        let parts = gates.split([size, size, size, size], axis: -1)
        let (inputGate, forgetGate) = (parts[0].sigmoid(), parts[1].sigmoid())
        let (candidate, outputGate) = (parts[2].tanh(), parts[3].sigmoid())
        let newCell = forgetGate * cell + inputGate * candidate
        return (outputGate * newCell.tanh(), newCell)
    }
}
