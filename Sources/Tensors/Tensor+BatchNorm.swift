import Foundation
import Kernels

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
        let layout = ChannelPlanes(batch: shape[0], channels: shape[1], spatial: count / Swift.max(shape[0] * shape[1], 1))
        let perChannel = layout.batch * layout.spatial
        precondition(!training || perChannel > 1, "training-mode batch norm needs more than one value per channel")
        // Per-channel mean and 1/sqrt(var + eps) used for normalizing.
        var mean = [Float](repeating: 0, count: layout.channels)
        var inverseDeviation = [Float](repeating: 0, count: layout.channels)
        if training {
            var sums = [Double](repeating: 0, count: layout.channels), squares = sums
            sums.withUnsafeMutableBufferPointer { sums in
                squares.withUnsafeMutableBufferPointer { squares in
                    layout.forEachChannel(scalars) { c, planes in
                        let m = planes.sum { x, _ in Double(x) } / Double(perChannel)
                        sums[c] = m
                        squares[c] = planes.sum { x, _ in let d = Double(x) - m; return d * d }
                    }
                }
            }
            for c in 0..<layout.channels {
                let (m, biased, unbiased) = (sums[c], squares[c] / Double(perChannel), squares[c] / Double(perChannel - 1))
                mean[c] = Float(m)
                inverseDeviation[c] = Float(1 / Foundation.sqrt(biased + statistics.epsilon))
                let momentum = statistics.momentum
                statistics.mean.withUnsafeMutableScalars { $0[c] = Float((1 - momentum) * Double($0[c]) + momentum * m) }
                statistics.variance.withUnsafeMutableScalars { $0[c] = Float((1 - momentum) * Double($0[c]) + momentum * unbiased) }
            }
        } else {
            for c in 0..<layout.channels {
                mean[c] = statistics.mean.scalars[c]
                inverseDeviation[c] = Float(1 / Foundation.sqrt(Double(statistics.variance.scalars[c]) + statistics.epsilon))
            }
        }
        // The normalized values are kept only for a backward pass.
        let tape = Tape.recording(self, weight, bias)
        var normalized = [Float](repeating: 0, count: tape == nil ? 0 : count)
        // Every output is written below, so the buffer starts uninitialised.
        let out = [Float](unsafeUninitializedCapacity: count) { y, initialized in
            normalized.withUnsafeMutableBufferPointer { xHat in
                // (An empty array's buffer may still have a base address.)
                let (xHat, y) = (tape == nil ? nil : xHat.baseAddress, y.baseAddress!)
                layout.forEachChannel(scalars) { c, planes in
                    let (m, s, w, b) = (mean[c], inverseDeviation[c], weight.scalars[c], bias.scalars[c])
                    if let xHat {
                        planes.forEachElement { x, i in
                            let value = (x - m) * s
                            xHat[i] = value
                            y[i] = value * w + b
                        }
                    } else {
                        planes.forEachElement { x, i in y[i] = (x - m) * s * w + b }
                    }
                }
            }
            initialized = count
        }
        let value = Tensor(shape: shape, scalars: out)
        guard let tape else { return value }
        let inputShape = shape
        return tape.record(value, inputs: [self, weight, bias]) { grad in
            var gradInput = [Float](repeating: 0, count: inputShape.reduce(1, *))
            var gradWeight = [Float](repeating: 0, count: layout.channels), gradBias = gradWeight
            normalized.withUnsafeBufferPointer { xHat in
                gradInput.withUnsafeMutableBufferPointer { dx in
                    gradWeight.withUnsafeMutableBufferPointer { dw in
                        gradBias.withUnsafeMutableBufferPointer { db in
                            let (xHat, dx, dw, db) = (xHat.baseAddress!, dx.baseAddress!, dw.baseAddress!, db.baseAddress!)
                            layout.forEachChannel(grad.scalars) { c, planes in
                                let sumGrad = Float(planes.sum { g, _ in Double(g) })
                                let sumGradNormalized = Float(planes.sum { g, i in Double(g * xHat[i]) })
                                db[c] = sumGrad
                                dw[c] = sumGradNormalized
                                let scale = weight.scalars[c] * inverseDeviation[c]
                                guard training else { return planes.forEachElement { g, i in dx[i] = scale * g } }
                                // x̂ depends on x through the batch mean and variance too:
                                // dx = w s (g - mean(g) - x̂ mean(g x̂)).
                                let (meanGrad, meanGradNormalized) = (sumGrad / Float(perChannel), sumGradNormalized / Float(perChannel))
                                planes.forEachElement { g, i in dx[i] = scale * (g - meanGrad - xHat[i] * meanGradNormalized) }
                            }
                        }
                    }
                }
            }
            return [Tensor(shape: inputShape, scalars: gradInput),
                    Tensor(shape: [layout.channels], scalars: gradWeight),
                    Tensor(shape: [layout.channels], scalars: gradBias)]
        }
    }
}

/// The `[N, C, spatial]` layout batch norm works in: channel c is the N planes of `spatial` values at
/// (n·C + c)·spatial. Channels are independent, so they are spread over both cores.
private struct ChannelPlanes {
    let batch: Int, channels: Int, spatial: Int

    /// One channel's planes of a buffer, visited with each element's flat index.
    struct Planes {
        let base: UnsafePointer<Float>
        let layout: ChannelPlanes
        let channel: Int

        @inline(__always)
        func forEachElement(_ body: (Float, Int) -> Void) {
            for n in 0..<layout.batch {
                let start = (n * layout.channels + channel) * layout.spatial
                for i in start..<(start + layout.spatial) { body(base[i], i) }
            }
        }

        /// Σ term(x, i) in Double (the statistics of a channel can cover 50 000 values).
        @inline(__always)
        func sum(_ term: (Float, Int) -> Double) -> Double {
            var total = 0.0
            forEachElement { x, i in total += term(x, i) }
            return total
        }
    }

    /// Calls `body(c, planes of c in values)` for every channel, channels split over two cores when the
    /// tensor is large. `body` must write only to channel c's elements and slots.
    func forEachChannel(_ values: [Float], _ body: (Int, Planes) -> Void) {
        values.withUnsafeBufferPointer { buffer in
            guard let base = buffer.baseAddress else { return }
            Parallel.forEachHalf(of: channels, splitting: buffer.count >= 1 << 16) { range in
                for c in range { body(c, Planes(base: base, layout: self, channel: c)) }
            }
        }
    }
}
