import Foundation

/// The running statistics of a batch-norm layer, updated in training mode as PyTorch does.
public struct BatchNormStatistics: Sendable {
    /// Running mean per channel.
    public var mean: Tensor
    /// Running (unbiased) variance per channel.
    public var variance: Tensor
    /// Weight of the newest batch in the running averages (PyTorch's `momentum`, default 0.1).
    public var momentum: Double
    /// Added to the variance before the square root.
    public var epsilon: Double

    /// Fresh statistics for `channels` channels: mean 0, variance 1.
    public init(channels: Int, momentum: Double = 0.1, epsilon: Double = 1e-5) {
        self.init(mean: .zeros([channels]), variance: .ones([channels]), momentum: momentum, epsilon: epsilon)
    }

    /// Statistics with given running values (e.g. loaded from a state dict).
    public init(mean: Tensor, variance: Tensor, momentum: Double = 0.1, epsilon: Double = 1e-5) {
        self.mean = mean.detached
        self.variance = variance.detached
        self.momentum = momentum
        self.epsilon = epsilon
    }
}

extension Tensor {
    /// Batch normalization over channel axis 1 of `[N, C]` or `[N, C, ...]` input, then the affine
    /// `weight * x̂ + bias` (both `[C]`).
    ///
    /// Training mode normalizes with the batch's mean and biased variance over all axes but 1, and
    /// updates `statistics` with momentum, using the unbiased variance for the running variance
    /// (PyTorch's `BatchNorm` semantics). Evaluation mode normalizes with the running statistics.
    public func batchNormalized(weight: Tensor, bias: Tensor, statistics: inout BatchNormStatistics,
                                training: Bool) -> Tensor {
        precondition(rank >= 2 && weight.shape == [shape[1]] && bias.shape == [shape[1]],
                     "batch norm needs [N, C, ...] input and [C] weight/bias, got \(shape), \(weight.shape), \(bias.shape)")
        let (batch, channels) = (shape[0], shape[1])
        let spatial = count / Swift.max(batch * channels, 1)
        let perChannel = batch * spatial
        precondition(!training || perChannel > 1, "training-mode batch norm needs more than one value per channel")
        // Per-channel mean and 1/sqrt(var + eps) used for normalizing.
        var mean = [Float](repeating: 0, count: channels)
        var inverseDeviation = [Float](repeating: 0, count: channels)
        func forEachElement(ofChannel c: Int, _ body: (Int) -> Void) {
            for n in 0..<batch {
                let start = (n * channels + c) * spatial
                for i in start..<(start + spatial) { body(i) }
            }
        }
        for c in 0..<channels {
            if training {
                var total = 0.0
                forEachElement(ofChannel: c) { total += Double(scalars[$0]) }
                let m = total / Double(perChannel)
                var squares = 0.0
                forEachElement(ofChannel: c) { let d = Double(scalars[$0]) - m; squares += d * d }
                let biased = squares / Double(perChannel)
                let unbiased = squares / Double(perChannel - 1)
                mean[c] = Float(m)
                inverseDeviation[c] = Float(1 / Foundation.sqrt(biased + statistics.epsilon))
                statistics.mean.withUnsafeMutableScalars {
                    $0[c] = Float((1 - statistics.momentum) * Double($0[c]) + statistics.momentum * m)
                }
                statistics.variance.withUnsafeMutableScalars {
                    $0[c] = Float((1 - statistics.momentum) * Double($0[c]) + statistics.momentum * unbiased)
                }
            } else {
                mean[c] = statistics.mean.scalars[c]
                inverseDeviation[c] = Float(1 / Foundation.sqrt(Double(statistics.variance.scalars[c]) + statistics.epsilon))
            }
        }
        var normalized = [Float](repeating: 0, count: count)
        var out = [Float](repeating: 0, count: count)
        for c in 0..<channels {
            let (m, s, w, b) = (mean[c], inverseDeviation[c], weight.scalars[c], bias.scalars[c])
            forEachElement(ofChannel: c) { i in
                normalized[i] = (scalars[i] - m) * s
                out[i] = normalized[i] * w + b
            }
        }
        let value = Tensor(shape: shape, scalars: out)
        guard let tape = Tape.recording(self, weight, bias) else { return value }
        let inputShape = shape
        return tape.record(value, inputs: [self, weight, bias]) { grad in
            var gradInput = [Float](repeating: 0, count: inputShape.reduce(1, *))
            var gradWeight = [Float](repeating: 0, count: channels)
            var gradBias = [Float](repeating: 0, count: channels)
            for c in 0..<channels {
                var sumGrad: Float = 0, sumGradNormalized: Float = 0
                forEachElement(ofChannel: c) { i in
                    sumGrad += grad.scalars[i]
                    sumGradNormalized += grad.scalars[i] * normalized[i]
                }
                gradBias[c] = sumGrad
                gradWeight[c] = sumGradNormalized
                let scale = weight.scalars[c] * inverseDeviation[c]
                if training {
                    // x̂ depends on x through the batch mean and variance too:
                    // dx = w s (g - mean(g) - x̂ mean(g x̂)).
                    let (meanGrad, meanGradNormalized) = (sumGrad / Float(perChannel), sumGradNormalized / Float(perChannel))
                    forEachElement(ofChannel: c) { i in
                        gradInput[i] = scale * (grad.scalars[i] - meanGrad - normalized[i] * meanGradNormalized)
                    }
                } else {
                    forEachElement(ofChannel: c) { i in gradInput[i] = scale * grad.scalars[i] }
                }
            }
            return [Tensor(shape: inputShape, scalars: gradInput),
                    Tensor(shape: [channels], scalars: gradWeight),
                    Tensor(shape: [channels], scalars: gradBias)]
        }
    }
}
