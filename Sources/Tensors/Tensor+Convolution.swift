import Kernels

/// What 2-D and 3-D convolution share: a kernel's forward pass into a fresh buffer, and its backward pass into
/// the gradients of whichever of input, weight and bias are tracked.
extension Tensor {
    typealias ConvolutionForward = (_ input: UnsafePointer<Float>, _ weight: UnsafePointer<Float>, _ bias: UnsafePointer<Float>?,
                                    _ output: UnsafeMutablePointer<Float>) -> Void
    typealias ConvolutionBackward = (_ input: UnsafePointer<Float>, _ weight: UnsafePointer<Float>, _ outputGradient: UnsafePointer<Float>,
                                     _ inputGradient: UnsafeMutablePointer<Float>?, _ weightGradient: UnsafeMutablePointer<Float>?,
                                     _ biasGradient: UnsafeMutablePointer<Float>?) -> Void

    /// The convolution of `input` by `weight` (`[O, ...]`) plus `bias` (`[O]`), shaped `outputShape`, computed by
    /// `forward` and recorded on the tape with `backward` when any input is tracked (it gets nil for the
    /// gradients of inputs that are not).
    static func convolution(_ input: Tensor, weight: Tensor, bias: Tensor?, outputShape: [Int],
                            forward: ConvolutionForward, backward: @escaping ConvolutionBackward) -> Tensor {
        // The kernel writes every output, so the buffer starts uninitialised (zeroing it cost 5% of scoring).
        let out = [Float](unsafeUninitializedCapacity: outputShape.reduce(1, *)) { y, initialized in
            input.scalars.withUnsafeBufferPointer { x in
                weight.scalars.withUnsafeBufferPointer { w in
                    (bias?.scalars ?? []).withUnsafeBufferPointer { b in
                        forward(x.baseAddress!, w.baseAddress!, bias == nil ? nil : b.baseAddress!, y.baseAddress!)
                    }
                }
            }
            initialized = y.count
        }
        let value = Tensor(shape: outputShape, scalars: out)
        let inputs = [input, weight] + (bias.map { [$0] } ?? [])
        guard let tape = Tape.recording(inputs) else { return value }
        let outChannels = weight.shape[0]
        return tape.record(value, inputs: inputs) { grad in
            var gradInput = [Float](repeating: 0, count: input.isTracked ? input.count : 0)
            var gradWeight = [Float](repeating: 0, count: weight.count)
            var gradBias = [Float](repeating: 0, count: outChannels)
            input.scalars.withUnsafeBufferPointer { x in
                weight.scalars.withUnsafeBufferPointer { w in
                    grad.scalars.withUnsafeBufferPointer { g in
                        gradInput.withUnsafeMutableBufferPointer { gx in
                            gradWeight.withUnsafeMutableBufferPointer { gw in
                                gradBias.withUnsafeMutableBufferPointer { gb in
                                    backward(x.baseAddress!, w.baseAddress!, g.baseAddress!,
                                             input.isTracked ? gx.baseAddress : nil,
                                             weight.isTracked ? gw.baseAddress : nil,
                                             bias?.isTracked == true ? gb.baseAddress : nil)
                                }
                            }
                        }
                    }
                }
            }
            return [input.isTracked ? Tensor(shape: input.shape, scalars: gradInput) : nil,
                    weight.isTracked ? Tensor(shape: weight.shape, scalars: gradWeight) : nil,
                    bias?.isTracked == true ? Tensor(shape: [outChannels], scalars: gradBias) : nil]
        }
    }
}
