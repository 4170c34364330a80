import Kernels

/// Spatial operations on image planes: 2-D convolution, 2x2 max-pooling and bilinear resizing (NCHW).
extension Tensor {
    /// 2-D cross-correlation (PyTorch's `conv2d`): input `[N, C, H, W]`, weight `[O, C, k, k]`,
    /// optional bias `[O]` -> `[N, O, (H + 2p - k)/s + 1, (W + 2p - k)/s + 1]`, zero padding.
    /// Shape mismatches are programmer errors.
    public static func conv2d(_ input: Tensor, weight: Tensor, bias: Tensor? = nil,
                              stride: Int = 1, padding: Int = 0) -> Tensor {
        precondition(input.rank == 4 && weight.rank == 4 && weight.shape[2] == weight.shape[3],
                     "conv2d needs input [N,C,H,W] and weight [O,C,k,k], got \(input.shape), \(weight.shape)")
        precondition(weight.shape[1] == input.shape[1], "conv2d channels differ: \(input.shape) vs \(weight.shape)")
        precondition(bias == nil || bias!.shape == [weight.shape[0]], "conv2d bias must be [\(weight.shape[0])]")
        let geometry = ConvolutionShape(
            batch: input.shape[0], inChannels: input.shape[1], outChannels: weight.shape[0],
            height: input.shape[2], width: input.shape[3], kernelSize: weight.shape[2],
            stride: stride, padding: padding)
        precondition(geometry.outputHeight > 0 && geometry.outputWidth > 0, "conv2d output would be empty for \(input.shape)")
        return convolution(input, weight: weight, bias: bias, outputShape: [geometry.batch, geometry.outChannels, geometry.outputHeight, geometry.outputWidth],
                           forward: { x, w, b, y in Convolution.forward(geometry, input: x, weight: w, bias: b, output: y) },
                           backward: { x, w, g, gx, gw, gb in
                               Convolution.backward(geometry, input: x, weight: w, outputGradient: g,
                                   inputGradient: gx, weightGradient: gw, biasGradient: gb)
                           })
    }

    /// 2x2 max-pooling with stride 2 over the last two axes (odd trailing rows/columns are dropped, as
    /// PyTorch's default floor mode). The gradient flows to the maximal element of each window.
    public func maxPool2x2() -> Tensor {
        precondition(rank >= 2 && shape[rank - 2] >= 2 && shape[rank - 1] >= 2, "maxPool2x2 needs [..., H>=2, W>=2], got \(shape)")
        let (height, width) = (shape[rank - 2], shape[rank - 1])
        let planes = count / (height * width)
        let outShape = Array(shape.dropLast(2)) + [height / 2, width / 2]
        let outCount = outShape.reduce(1, *)
        // The winners' indices only for a backward pass. (An empty array's buffer may still have a base address,
        // the shared empty storage: the kernel must get nil, not that.)
        let tape = Tape.recording(self)
        var argmax = [Int32](repeating: 0, count: tape == nil ? 0 : outCount)
        let out = [Float](unsafeUninitializedCapacity: outCount) { y, initialized in
            scalars.withUnsafeBufferPointer { x in
                argmax.withUnsafeMutableBufferPointer { a in
                    MaxPool.forward2x2(planes: planes, height: height, width: width,
                                       input: x.baseAddress!, output: y.baseAddress!, argmax: tape == nil ? nil : a.baseAddress)
                }
            }
            initialized = outCount
        }
        let value = Tensor(shape: outShape, scalars: out)
        guard let tape else { return value }
        let inputShape = shape
        return tape.record(value, inputs: [self]) { grad in
            var result = [Float](repeating: 0, count: inputShape.reduce(1, *))
            argmax.withUnsafeBufferPointer { a in
                grad.scalars.withUnsafeBufferPointer { g in
                    result.withUnsafeMutableBufferPointer { gx in
                        MaxPool.backward2x2(planes: planes, height: height, width: width, argmax: a.baseAddress!,
                                            outputGradient: g.baseAddress!, inputGradient: gx.baseAddress!)
                    }
                }
            }
            return [Tensor(shape: inputShape, scalars: result)]
        }
    }

    /// Bilinear resize of the last two axes to `[height, width]` (align_corners=False, no
    /// antialiasing: PyTorch's `interpolate(mode: "bilinear")` default), e.g. 105x105 canvases to 28x28.
    public func resizedBilinear(height outputHeight: Int, width outputWidth: Int) -> Tensor {
        precondition(rank >= 2 && outputHeight > 0 && outputWidth > 0, "resizedBilinear needs [..., H, W], got \(shape)")
        let (height, width) = (shape[rank - 2], shape[rank - 1])
        let planes = count / Swift.max(height * width, 1)
        let outShape = Array(shape.dropLast(2)) + [outputHeight, outputWidth]
        var out = [Float](repeating: 0, count: outShape.reduce(1, *))
        scalars.withUnsafeBufferPointer { x in
            out.withUnsafeMutableBufferPointer { y in
                BilinearResize.forward(planes: planes, inputHeight: height, inputWidth: width,
                                       outputHeight: outputHeight, outputWidth: outputWidth,
                                       input: x.baseAddress!, output: y.baseAddress!)
            }
        }
        let value = Tensor(shape: outShape, scalars: out)
        guard let tape = Tape.recording(self) else { return value }
        let inputShape = shape
        return tape.record(value, inputs: [self]) { grad in
            var result = [Float](repeating: 0, count: inputShape.reduce(1, *))
            grad.scalars.withUnsafeBufferPointer { g in
                result.withUnsafeMutableBufferPointer { gx in
                    BilinearResize.backward(planes: planes, inputHeight: height, inputWidth: width,
                                            outputHeight: outputHeight, outputWidth: outputWidth,
                                            outputGradient: g.baseAddress!, inputGradient: gx.baseAddress!)
                }
            }
            return [Tensor(shape: inputShape, scalars: result)]
        }
    }
}
