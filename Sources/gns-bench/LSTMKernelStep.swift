import Kernels
import Random

/// An LSTM cell step (PyTorch's LSTMCell: gates i, f, g, o) written directly on the kernels, as the
/// kernel-only baseline for the Tensors-based step. Owns its buffers; not thread-safe.
final class LSTMKernelStep {
    let batch, inputSize, hiddenSize: Int
    let x, h, c, weightInput, weightHidden, bias: UnsafeMutablePointer<Float>
    let gates, newCell, newHidden, squashedCell: UnsafeMutablePointer<Float>
    let hiddenGradient, cellGradient, gateGradient: UnsafeMutablePointer<Float>
    let inputGradient, previousHiddenGradient, previousCellGradient: UnsafeMutablePointer<Float>
    let weightInputGradient, weightHiddenGradient, biasGradient: UnsafeMutablePointer<Float>

    init(batch: Int, inputSize: Int, hiddenSize: Int, generator: inout SeededGenerator) {
        (self.batch, self.inputSize, self.hiddenSize) = (batch, inputSize, hiddenSize)
        let gateCount = 4 * hiddenSize
        func buffer(_ count: Int) -> UnsafeMutablePointer<Float> {
            TensorBenchRows.randomBuffer(count, &generator)
        }
        x = buffer(batch * inputSize); h = buffer(batch * hiddenSize); c = buffer(batch * hiddenSize)
        weightInput = buffer(gateCount * inputSize); weightHidden = buffer(gateCount * hiddenSize); bias = buffer(gateCount)
        gates = buffer(batch * gateCount); newCell = buffer(batch * hiddenSize); newHidden = buffer(batch * hiddenSize)
        squashedCell = buffer(batch * hiddenSize)
        hiddenGradient = buffer(batch * hiddenSize); cellGradient = buffer(batch * hiddenSize); gateGradient = buffer(batch * gateCount)
        inputGradient = buffer(batch * inputSize); previousHiddenGradient = buffer(batch * hiddenSize)
        previousCellGradient = buffer(batch * hiddenSize)
        weightInputGradient = buffer(gateCount * inputSize); weightHiddenGradient = buffer(gateCount * hiddenSize)
        biasGradient = buffer(gateCount)
    }

    /// gates = x·Wihᵀ + h·Whhᵀ + b, activated in place; c' = f·c + i·g; h' = o·tanh(c') (tanh(c') kept for backward).
    func forward() {
        let gateCount = 4 * hiddenSize
        Gemm.multiply(transposeA: false, transposeB: true, m: batch, n: gateCount, k: inputSize, alpha: 1,
                      a: x, lda: inputSize, b: weightInput, ldb: inputSize, beta: 0, c: gates, ldc: gateCount)
        Gemm.multiply(transposeA: false, transposeB: true, m: batch, n: gateCount, k: hiddenSize, alpha: 1,
                      a: h, lda: hiddenSize, b: weightHidden, ldb: hiddenSize, beta: 1, c: gates, ldc: gateCount)
        for row in 0..<batch {
            let g = gates + row * gateCount
            for j in 0..<gateCount { g[j] += bias[j] }
        }
        LSTMGates.forward(rows: batch, size: hiddenSize, gates: gates, cell: c, newHidden: .init(newHidden, stride: hiddenSize),
                          newCell: .init(newCell, stride: hiddenSize), squashedCell: squashedCell)
    }

    /// Back-propagates hiddenGradient and cellGradient (d loss / d h', d loss / d c') to x, h, c and the
    /// weights (weight and bias gradients accumulate).
    func backward() {
        let gateCount = 4 * hiddenSize
        LSTMGates.backward(rows: batch, size: hiddenSize, gates: gates, cell: c, squashedCell: squashedCell,
                           hiddenGradient: .init(hiddenGradient, stride: hiddenSize), cellGradient: .init(cellGradient, stride: hiddenSize),
                           gateGradient: gateGradient, previousCellGradient: previousCellGradient)
        for row in 0..<batch {
            let d = gateGradient + row * gateCount
            for j in 0..<gateCount { biasGradient[j] += d[j] }
        }
        Gemm.multiply(transposeA: true, transposeB: false, m: gateCount, n: inputSize, k: batch, alpha: 1,
                      a: gateGradient, lda: gateCount, b: x, ldb: inputSize, beta: 1, c: weightInputGradient, ldc: inputSize)
        Gemm.multiply(transposeA: true, transposeB: false, m: gateCount, n: hiddenSize, k: batch, alpha: 1,
                      a: gateGradient, lda: gateCount, b: h, ldb: hiddenSize, beta: 1, c: weightHiddenGradient, ldc: hiddenSize)
        Gemm.multiply(transposeA: false, transposeB: false, m: batch, n: inputSize, k: gateCount, alpha: 1,
                      a: gateGradient, lda: gateCount, b: weightInput, ldb: inputSize, beta: 0, c: inputGradient, ldc: inputSize)
        Gemm.multiply(transposeA: false, transposeB: false, m: batch, n: hiddenSize, k: gateCount, alpha: 1,
                      a: gateGradient, lda: gateCount, b: weightHidden, ldb: hiddenSize, beta: 0, c: previousHiddenGradient, ldc: hiddenSize)
    }
}
