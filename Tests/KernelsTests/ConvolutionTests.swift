import Testing
import Random
@testable import Kernels

@Suite struct ConvolutionTests {
    /// The convolution written as its definition, in Double.
    func referenceForward(_ s: ConvolutionShape, _ x: [Float], _ w: [Float], _ bias: [Float]?) -> [Double] {
        let (oh, ow, k) = (s.outputHeight, s.outputWidth, s.kernelSize)
        var y = [Double](repeating: 0, count: s.batch * s.outChannels * oh * ow)
        for n in 0..<s.batch {
            for o in 0..<s.outChannels {
                for oy in 0..<oh {
                    for ox in 0..<ow {
                        var sum = bias.map { Double($0[o]) } ?? 0
                        for c in 0..<s.inChannels {
                            for ky in 0..<k {
                                for kx in 0..<k {
                                    let iy = oy * s.stride - s.padding + ky, ix = ox * s.stride - s.padding + kx
                                    guard iy >= 0, iy < s.height, ix >= 0, ix < s.width else { continue }
                                    sum += Double(x[((n * s.inChannels + c) * s.height + iy) * s.width + ix])
                                        * Double(w[((o * s.inChannels + c) * k + ky) * k + kx])
                                }
                            }
                        }
                        y[((n * s.outChannels + o) * oh + oy) * ow + ox] = sum
                    }
                }
            }
        }
        return y
    }

    /// The gradients of Σ y·dy by the chain rule applied to the definition, tap by tap, in Double.
    func referenceBackward(_ s: ConvolutionShape, _ x: [Float], _ w: [Float], _ dy: [Float]) -> (dx: [Double], dw: [Double], db: [Double]) {
        let (oh, ow, k) = (s.outputHeight, s.outputWidth, s.kernelSize)
        var dx = [Double](repeating: 0, count: x.count), dw = [Double](repeating: 0, count: w.count)
        var db = [Double](repeating: 0, count: s.outChannels)
        for n in 0..<s.batch {
            for o in 0..<s.outChannels {
                for oy in 0..<oh {
                    for ox in 0..<ow {
                        let g = Double(dy[((n * s.outChannels + o) * oh + oy) * ow + ox])
                        db[o] += g
                        for c in 0..<s.inChannels {
                            for ky in 0..<k {
                                for kx in 0..<k {
                                    let iy = oy * s.stride - s.padding + ky, ix = ox * s.stride - s.padding + kx
                                    guard iy >= 0, iy < s.height, ix >= 0, ix < s.width else { continue }
                                    let xi = ((n * s.inChannels + c) * s.height + iy) * s.width + ix
                                    let wi = ((o * s.inChannels + c) * k + ky) * k + kx
                                    dx[xi] += g * Double(w[wi])
                                    dw[wi] += g * Double(x[xi])
                                }
                            }
                        }
                    }
                }
            }
        }
        return (dx, dw, db)
    }

    static let shapes: [ConvolutionShape] = [
        ConvolutionShape(batch: 3, inChannels: 2, outChannels: 5, height: 9, width: 7, kernelSize: 3, stride: 1, padding: 1),
        ConvolutionShape(batch: 2, inChannels: 3, outChannels: 4, height: 11, width: 8, kernelSize: 3, stride: 2, padding: 1),
        ConvolutionShape(batch: 5, inChannels: 1, outChannels: 16, height: 14, width: 14, kernelSize: 3, stride: 1, padding: 1),
        ConvolutionShape(batch: 1, inChannels: 1, outChannels: 1, height: 20, width: 17, kernelSize: 11, stride: 1, padding: 5),
        ConvolutionShape(batch: 2, inChannels: 2, outChannels: 3, height: 6, width: 5, kernelSize: 4, stride: 3, padding: 0),
        ConvolutionShape(batch: 1, inChannels: 2, outChannels: 2, height: 3, width: 3, kernelSize: 5, stride: 1, padding: 2),
        // The GNS nets' layer shape, scaled down: 16 channels in (patch 144, deeper than a 16-lane tile),
        // rows wider than two 8-float vectors, a batch that splits into uneven chunks.
        ConvolutionShape(batch: 5, inChannels: 16, outChannels: 8, height: 10, width: 21, kernelSize: 3, stride: 1, padding: 1),
        // Images unfolded side by side: 16×16 planes go three to a product, so chunks of 4 and 5 images
        // end in partial groups; 5×5 stride-2 outputs put a whole chunk in one product.
        ConvolutionShape(batch: 17, inChannels: 3, outChannels: 6, height: 16, width: 16, kernelSize: 3, stride: 1, padding: 1),
        ConvolutionShape(batch: 9, inChannels: 2, outChannels: 3, height: 9, width: 9, kernelSize: 3, stride: 2, padding: 1),
        // A lone image large enough that its unfolding splits its channels over the cores (an odd count, so
        // the halves differ), at stride 1 and 2.
        ConvolutionShape(batch: 1, inChannels: 5, outChannels: 4, height: 28, width: 28, kernelSize: 3, stride: 1, padding: 1),
        ConvolutionShape(batch: 1, inChannels: 33, outChannels: 3, height: 19, width: 20, kernelSize: 3, stride: 2, padding: 1),
        // Deep enough and wide enough for `DirectConvolution`: 14 output channels (a partial 6-row block) over both
        // cores in one stack of 3 images; the termination net's 64 -> 64 layer at 14x14, stacked 2 + 2 + 1; a lone
        // 14x21 image whose two halves meet in a row's padding columns (tile 10 of 21 starts at column 22 of 23).
        ConvolutionShape(batch: 3, inChannels: 24, outChannels: 14, height: 14, width: 14, kernelSize: 3, stride: 1, padding: 1),
        ConvolutionShape(batch: 5, inChannels: 64, outChannels: 64, height: 14, width: 14, kernelSize: 3, stride: 1, padding: 1),
        ConvolutionShape(batch: 1, inChannels: 16, outChannels: 8, height: 14, width: 21, kernelSize: 3, stride: 1, padding: 1),
    ]

    @Test(arguments: shapes)
    func forwardMatchesDefinition(shape: ConvolutionShape) {
        var generator = SeededGenerator(seed: 200, stream: UInt64(shape.hashValue & 0xFFFF))
        let x = generator.floats(shape.batch * shape.inputImage), w = generator.floats(shape.outChannels * shape.patchSize)
        for bias in [generator.floats(shape.outChannels), nil] {
            var y = [Float](repeating: .nan, count: shape.batch * shape.outputImage)
            Convolution.forward(shape, input: x, weight: w, bias: bias, output: &y)
            let error = maximumRelativeError(y, referenceForward(shape, x, w, bias))
            // A float sum of K products errs by up to about K·2^-24 of its terms' size: 1e-5 covers K <= 144,
            // deeper patches (the 64-channel layer's 576) get a bound that grows with K.
            #expect(error < 1e-5 * max(1, Double(shape.patchSize) / 144), "\(shape) bias \(bias != nil): error \(error)")
        }
    }

    /// Backward accumulates: the buffers start non-zero and must end at start + gradient; a nil buffer is skipped.
    @Test(arguments: shapes)
    func backwardMatchesChainRule(shape: ConvolutionShape) {
        var generator = SeededGenerator(seed: 201, stream: UInt64(shape.hashValue & 0xFFFF))
        let x = generator.floats(shape.batch * shape.inputImage), w = generator.floats(shape.outChannels * shape.patchSize)
        let dy = generator.floats(shape.batch * shape.outputImage)
        let startX = generator.floats(x.count), startW = generator.floats(w.count), startB = generator.floats(shape.outChannels)
        var (dx, dw, db) = (startX, startW, startB)
        Convolution.backward(shape, input: x, weight: w, outputGradient: dy, inputGradient: &dx, weightGradient: &dw, biasGradient: &db)
        let expected = referenceBackward(shape, x, w, dy)
        func plus(_ start: [Float], _ gradient: [Double]) -> [Double] { zip(start, gradient).map { Double($0) + $1 } }
        #expect(maximumRelativeError(dx, plus(startX, expected.dx)) < 1e-5)
        #expect(maximumRelativeError(dw, plus(startW, expected.dw)) < 1e-4)
        #expect(maximumRelativeError(db, plus(startB, expected.db)) < 1e-4)

        var onlyWeights = startW
        Convolution.backward(shape, input: x, weight: w, outputGradient: dy, inputGradient: nil, weightGradient: &onlyWeights, biasGradient: nil)
        #expect(onlyWeights == dw)
    }

    /// Central differences of L = Σ y·dy through the forward kernel agree with the backward kernel
    /// (truncation error is zero for this bilinear L; Float rounding bounds the agreement at ~1e-2 relative).
    @Test func backwardMatchesFiniteDifferences() {
        let shape = ConvolutionShape(batch: 2, inChannels: 2, outChannels: 3, height: 7, width: 6, kernelSize: 3, stride: 2, padding: 1)
        var generator = SeededGenerator(seed: 202)
        var x = generator.floats(shape.batch * shape.inputImage)
        var w = generator.floats(shape.outChannels * shape.patchSize)
        let dy = generator.floats(shape.batch * shape.outputImage)
        func loss(_ x: [Float], _ w: [Float]) -> Double {
            var y = [Float](repeating: 0, count: dy.count)
            Convolution.forward(shape, input: x, weight: w, bias: nil, output: &y)
            return zip(y, dy).reduce(0) { $0 + Double($1.0) * Double($1.1) }
        }
        var dx = [Float](repeating: 0, count: x.count), dw = [Float](repeating: 0, count: w.count)
        Convolution.backward(shape, input: x, weight: w, outputGradient: dy, inputGradient: &dx, weightGradient: &dw, biasGradient: nil)
        let h: Float = 1e-2
        for index in stride(from: 0, to: x.count, by: 7) {
            let saved = x[index]
            x[index] = saved + h; let up = loss(x, w)
            x[index] = saved - h; let down = loss(x, w)
            x[index] = saved
            #expect(abs((up - down) / Double(2 * h) - Double(dx[index])) < 1e-2 * max(1, abs(Double(dx[index]))))
        }
        for index in stride(from: 0, to: w.count, by: 5) {
            let saved = w[index]
            w[index] = saved + h; let up = loss(x, w)
            w[index] = saved - h; let down = loss(x, w)
            w[index] = saved
            #expect(abs((up - down) / Double(2 * h) - Double(dw[index])) < 1e-2 * max(1, abs(Double(dw[index]))))
        }
    }

    @Test func outputExtents() {
        let shape = ConvolutionShape(batch: 1, inChannels: 1, outChannels: 1, height: 28, width: 27, kernelSize: 3, stride: 2, padding: 1)
        #expect(shape.outputHeight == 14 && shape.outputWidth == 14)
    }
}
