// Straightforward loops standing in for the `Kernels` module's entry points until they land on main.
// Same names and parameters, so switching is deleting this file and importing Kernels.

/// Row-major matrix multiply (stand-in for `Kernels.Gemm`).
enum Gemm {
    /// Row-major C = alpha * op(A) * op(B) + beta * C, with op(A) of size m x k and op(B) k x n.
    static func multiply(transposeA: Bool, transposeB: Bool, m: Int, n: Int, k: Int, alpha: Float,
                         a: UnsafePointer<Float>, lda: Int, b: UnsafePointer<Float>, ldb: Int,
                         beta: Float, c: UnsafeMutablePointer<Float>, ldc: Int) {
        for i in 0..<m {
            for j in 0..<n {
                var total: Float = 0
                for p in 0..<k {
                    let x = transposeA ? a[p * lda + i] : a[i * lda + p]
                    let y = transposeB ? b[j * ldb + p] : b[p * ldb + j]
                    total += x * y
                }
                c[i * ldc + j] = alpha * total + (beta == 0 ? 0 : beta * c[i * ldc + j])
            }
        }
    }
}

/// The geometry of a batched 2-D convolution (NCHW input, weight `[out, in, k, k]`).
struct ConvolutionShape {
    var batch, inChannels, outChannels, height, width, kernelSize, stride, padding: Int
    var outputHeight: Int { (height + 2 * padding - kernelSize) / stride + 1 }
    var outputWidth: Int { (width + 2 * padding - kernelSize) / stride + 1 }
}

/// Direct convolution (stand-in for `Kernels.Convolution`).
enum Convolution {
    /// Calls `body(outputIndex, inputIndex, weightIndex, outChannel)` for every multiply-add of the
    /// convolution, skipping taps that fall into the zero padding.
    private static func forEachTap(_ s: ConvolutionShape, _ body: (Int, Int, Int, Int) -> Void) {
        let (oh, ow, k) = (s.outputHeight, s.outputWidth, s.kernelSize)
        for n in 0..<s.batch {
            for o in 0..<s.outChannels {
                for y in 0..<oh {
                    for x in 0..<ow {
                        let out = ((n * s.outChannels + o) * oh + y) * ow + x
                        for c in 0..<s.inChannels {
                            for ky in 0..<k {
                                let iy = y * s.stride - s.padding + ky
                                guard iy >= 0 && iy < s.height else { continue }
                                for kx in 0..<k {
                                    let ix = x * s.stride - s.padding + kx
                                    guard ix >= 0 && ix < s.width else { continue }
                                    body(out, ((n * s.inChannels + c) * s.height + iy) * s.width + ix,
                                         ((o * s.inChannels + c) * k + ky) * k + kx, o)
                                }
                            }
                        }
                    }
                }
            }
        }
    }

    /// Convolution output = conv(input, weight) + bias, overwriting `output`.
    static func forward(_ s: ConvolutionShape, input: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                                   bias: UnsafePointer<Float>?, output: UnsafeMutablePointer<Float>) {
        let planeSize = s.outputHeight * s.outputWidth
        for n in 0..<s.batch {
            for o in 0..<s.outChannels {
                let start = (n * s.outChannels + o) * planeSize
                for i in 0..<planeSize { output[start + i] = bias?[o] ?? 0 }
            }
        }
        forEachTap(s) { out, inp, w, _ in output[out] += input[inp] * weight[w] }
    }

    /// Accumulates the convolution's gradients into the non-nil destinations.
    static func backward(_ s: ConvolutionShape, input: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                                    outputGradient: UnsafePointer<Float>, inputGradient: UnsafeMutablePointer<Float>?,
                                    weightGradient: UnsafeMutablePointer<Float>?, biasGradient: UnsafeMutablePointer<Float>?) {
        forEachTap(s) { out, inp, w, _ in
            let g = outputGradient[out]
            inputGradient?[inp] += g * weight[w]
            weightGradient?[w] += g * input[inp]
        }
        if let biasGradient {
            let planeSize = s.outputHeight * s.outputWidth
            for n in 0..<s.batch {
                for o in 0..<s.outChannels {
                    let start = (n * s.outChannels + o) * planeSize
                    for i in 0..<planeSize { biasGradient[o] += outputGradient[start + i] }
                }
            }
        }
    }

}

/// 2x2 max-pooling (stand-in for `Kernels.MaxPool`).
enum MaxPool {
    /// 2x2 max-pooling with stride 2 (odd trailing rows/columns dropped, as PyTorch's floor mode);
    /// `argmax` receives each output's flat input index.
    static func forward2x2(planes: Int, height: Int, width: Int, input: UnsafePointer<Float>,
                           output: UnsafeMutablePointer<Float>, argmax: UnsafeMutablePointer<Int32>) {
        let (oh, ow) = (height / 2, width / 2)
        for p in 0..<planes {
            for y in 0..<oh {
                for x in 0..<ow {
                    let corner = (p * height + 2 * y) * width + 2 * x
                    var best = corner
                    for candidate in [corner + 1, corner + width, corner + width + 1] where input[candidate] > input[best] {
                        best = candidate
                    }
                    output[(p * oh + y) * ow + x] = input[best]
                    argmax[(p * oh + y) * ow + x] = Int32(best)
                }
            }
        }
    }

    /// inputGradient[argmax[i]] += outputGradient[i].
    static func backward2x2(planes: Int, height: Int, width: Int, argmax: UnsafePointer<Int32>,
                            outputGradient: UnsafePointer<Float>, inputGradient: UnsafeMutablePointer<Float>) {
        for i in 0..<planes * (height / 2) * (width / 2) { inputGradient[Int(argmax[i])] += outputGradient[i] }
    }
}

/// Bilinear resampling (stand-in for `Kernels.BilinearResize`).
enum BilinearResize {
    /// Source rows/columns and weights of align_corners=False bilinear sampling along one axis.
    private static func bilinearTaps(input: Int, output: Int) -> [(Int, Int, Float)] {
        let scale = Float(input) / Float(output)
        return (0..<output).map { i in
            let source = Swift.max((Float(i) + 0.5) * scale - 0.5, 0)
            let low = Swift.min(Int(source), input - 1)
            let high = Swift.min(low + 1, input - 1)
            return (low, high, source - Float(low))
        }
    }

    /// Bilinear resize of each plane (align_corners=False, no antialiasing, as PyTorch's default).
    /// With `transpose`, runs the adjoint: accumulates `input` (an output gradient) into `output`
    /// (an input gradient); sizes are always given for the forward direction.
    static func forward(planes: Int, inputHeight: Int, inputWidth: Int, outputHeight: Int, outputWidth: Int,
                        input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>) {
        resize(planes: planes, inputHeight: inputHeight, inputWidth: inputWidth, outputHeight: outputHeight,
               outputWidth: outputWidth, input: input, output: output, transpose: false)
    }

    /// The adjoint of `forward`, accumulating into `inputGradient`.
    static func backward(planes: Int, inputHeight: Int, inputWidth: Int, outputHeight: Int, outputWidth: Int,
                         outputGradient: UnsafePointer<Float>, inputGradient: UnsafeMutablePointer<Float>) {
        resize(planes: planes, inputHeight: inputHeight, inputWidth: inputWidth, outputHeight: outputHeight,
               outputWidth: outputWidth, input: outputGradient, output: inputGradient, transpose: true)
    }

    private static func resize(planes: Int, inputHeight: Int, inputWidth: Int, outputHeight: Int, outputWidth: Int,
                               input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>, transpose: Bool) {
        let rows = bilinearTaps(input: inputHeight, output: outputHeight)
        let columns = bilinearTaps(input: inputWidth, output: outputWidth)
        for p in 0..<planes {
            let source = p * inputHeight * inputWidth
            for (y, (y0, y1, wy)) in rows.enumerated() {
                for (x, (x0, x1, wx)) in columns.enumerated() {
                    let taps = [(y0, x0, (1 - wy) * (1 - wx)), (y0, x1, (1 - wy) * wx),
                                (y1, x0, wy * (1 - wx)), (y1, x1, wy * wx)]
                    let target = (p * outputHeight + y) * outputWidth + x
                    if transpose {
                        for (ty, tx, w) in taps { output[source + ty * inputWidth + tx] += w * input[target] }
                    } else {
                        var total: Float = 0
                        for (ty, tx, w) in taps { total += w * input[source + ty * inputWidth + tx] }
                        output[target] = total
                    }
                }
            }
        }
    }
}
