import Random
import Tensors

/// The convolution and LSTM rows again, through the Tensors API (tape forward + backward): the cost a
/// training step actually pays, next to the kernel-only rows.
extension TensorBenchRows {
    static func tensor(_ shape: [Int], _ generator: inout SeededGenerator) -> Tensor {
        var scalars = [Float](repeating: 0, count: shape.reduce(1, *))
        scalars.withUnsafeMutableBufferPointer { generator.fillNormal($0, standardDeviation: 0.1) }
        return Tensor(shape: shape, scalars: scalars)
    }

    static func tapeConvolution(inputs: Int, outputs: Int, _ generator: inout SeededGenerator) -> TensorBenchRow {
        let x = tensor([64, inputs, 28, 28], &generator), w = tensor([outputs, inputs, 3, 3], &generator)
        let bias = tensor([outputs], &generator), dy = tensor([64, outputs, 28, 28], &generator)
        let name = "conv \(inputs)->\(outputs) b64 28x28 fwd+bwd"
        return TensorBenchRow(name: name + " [tensors]", comparedTo: name, flops: 3 * 2 * Double(64 * outputs * 784 * inputs * 9)) {
            let tape = Tape()
            let (tx, tw, tb) = (tape.variable(x), tape.variable(w), tape.variable(bias))
            let y = Tensor.conv2d(tx, weight: tw, bias: tb, stride: 1, padding: 1)
            let gradients = tape.gradients(of: y, seed: dy)
            _ = (gradients[tx], gradients[tw], gradients[tb])
        }
    }

    static func tapeLSTM(batch: Int, _ generator: inout SeededGenerator) -> TensorBenchRow {
        let (inputSize, hiddenSize) = (130, 256)
        let x = tensor([batch, inputSize], &generator), h = tensor([batch, hiddenSize], &generator)
        let c = tensor([batch, hiddenSize], &generator)
        let weightInput = tensor([4 * hiddenSize, inputSize], &generator), weightHidden = tensor([4 * hiddenSize, hiddenSize], &generator)
        let biasInput = tensor([4 * hiddenSize], &generator), biasHidden = tensor([4 * hiddenSize], &generator)
        let hiddenSeed = tensor([batch, hiddenSize], &generator), cellSeed = tensor([batch, hiddenSize], &generator)
        let name = "lstm b\(batch) in130 h256 fwd+bwd"
        return TensorBenchRow(name: name + " [tensors]", comparedTo: name, flops: 3 * 2 * Double(batch * 4 * hiddenSize * (inputSize + hiddenSize))) {
            let tape = Tape()
            let parameters = [x, h, c, weightInput, weightHidden, biasInput, biasHidden].map(tape.variable)
            let (newHidden, newCell) = Tensor.lstmCell(input: parameters[0], hidden: parameters[1], cell: parameters[2],
                                                       weightInput: parameters[3], weightHidden: parameters[4],
                                                       biasInput: parameters[5], biasHidden: parameters[6])
            // Seeding h' and c' with fixed upstream gradients, as PyTorch's backward([h', c'], [gh, gc]).
            let loss = (newHidden * hiddenSeed).sum() + (newCell * cellSeed).sum()
            let gradients = tape.gradients(of: loss)
            _ = parameters.map { gradients[$0] }
        }
    }
}
