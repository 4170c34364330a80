import Foundation
import Testing
@testable import Tensors

@Suite struct SpatialTests {
    /// Direct Double-precision convolution from the definition, the reference for `conv2d`.
    private func referenceConvolution(_ x: Tensor, _ w: Tensor, _ b: Tensor?, stride: Int, padding: Int) -> [Double] {
        let (n, c, h, wd) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3])
        let (o, k) = (w.shape[0], w.shape[2])
        let (oh, ow) = ((h + 2 * padding - k) / stride + 1, (wd + 2 * padding - k) / stride + 1)
        var out: [Double] = []
        for ni in 0..<n { for oi in 0..<o { for y in 0..<oh { for xi in 0..<ow {
            var total = b.map { Double($0.scalars[oi]) } ?? 0
            for ci in 0..<c { for ky in 0..<k { for kx in 0..<k {
                let (iy, ix) = (y * stride - padding + ky, xi * stride - padding + kx)
                if iy >= 0 && iy < h && ix >= 0 && ix < wd { total += Double(x[ni, ci, iy, ix]) * Double(w[oi, ci, ky, kx]) }
            } } }
            out.append(total)
        } } } }
        return out
    }

    @Test(arguments: [(3, 1, 1), (3, 2, 1), (5, 1, 2), (1, 1, 0)])
    func convolutionMatchesDefinitionAndGradients(kernel: Int, stride: Int, padding: Int) {
        var random = TestRandom(seed: UInt64(40 + kernel * 10 + stride))
        let x = random.tensor([2, 3, 6, 5]), w = random.tensor([4, 3, kernel, kernel]), b = random.tensor([4])
        let y = Tensor.conv2d(x, weight: w, bias: b, stride: stride, padding: padding)
        let reference = referenceConvolution(x, w, b, stride: stride, padding: padding)
        #expect(y.count == reference.count)
        #expect(zip(y.scalars, reference).allSatisfy { Swift.abs(Double($0) - $1) < 1e-5 })
        let small = random.tensor([1, 2, 5, 4])
        let smallWeight = random.tensor([2, 2, kernel, kernel])
        checkGradients([small, smallWeight, random.tensor([2])]) { xs in
            Tensor.conv2d(xs[0], weight: xs[1], bias: xs[2], stride: stride, padding: padding)
        }
        checkGradients([small, smallWeight]) { xs in
            Tensor.conv2d(xs[0], weight: xs[1], stride: stride, padding: padding)
        }
    }

    @Test func maxPoolPicksWindowMaximaAndRoutesGradients() {
        let x = Tensor(shape: [1, 1, 3, 4], scalars: [1, 5, 2, 0,
                                                     3, 4, 8, 7,
                                                     9, 9, 9, 9])
        #expect(x.maxPool2x2().scalars == [5, 8])  // the odd last row is dropped
        var random = TestRandom(seed: 50)
        checkGradients([random.separatedTensor([2, 2, 4, 5], gap: 0.03)]) { xs in xs[0].maxPool2x2() }
    }

    @Test func bilinearResizeMatchesPyTorch() {
        // Expected values from torch.nn.functional.interpolate(mode="bilinear", align_corners=False)
        // in float64 on the same inputs.
        let big = Tensor(shape: [1, 1, 105, 105], scalars: (0..<105).flatMap { i in
            (0..<105).map { j in Float(Foundation.sin(Double(i) * 0.3 + Double(j) * 0.7)) }
        })
        let resized = big.resizedBilinear(height: 28, width: 28)
        let torchValues: [(Int, Int, Double)] = [(0, 0, 0.9148249437448981), (0, 27, 0.0031657439480271),
            (13, 5, -0.7252799999804609), (27, 27, 0.8067080224243639), (20, 11, 0.5676965103725292)]
        for (i, j, want) in torchValues { #expect(Swift.abs(Double(resized[0, 0, i, j]) - want) < 1e-5) }

        let small = Tensor(shape: [1, 1, 5, 7], scalars: (0..<5).flatMap { i in
            (0..<7).map { j in Float(Foundation.cos(Double(i) * 0.9 - Double(j) * 0.4)) }
        })
        let torchSmall: [Double] = [0.9473739960019234, 0.3623577544766734, -0.5232291295451771, 0.8795109070085793,
            0.6217859508855814, -0.1517016747101622, 0.745090803580803, 0.9472114344871104, 0.36363355079947934,
            0.2734151992174666, 0.8659608881021557, 0.7402042437314178, -0.20714722543129593, 0.589523610771561,
            0.8971929332288893, -0.6965964703654846, 0.11789960249532637, 0.8345996192918939, -0.8686771042364552,
            -0.3838364392623305, 0.41939113405685324, -0.9644493226412177, -0.7373937155412454, 0.10131956995803232]
        let mixed = small.resizedBilinear(height: 8, width: 3)
        #expect(zip(mixed.scalars, torchSmall).allSatisfy { Swift.abs(Double($0) - $1) < 1e-5 })
        var random = TestRandom(seed: 51)
        checkGradients([random.tensor([2, 1, 5, 7])]) { xs in xs[0].resizedBilinear(height: 8, width: 3) }
        checkGradients([random.tensor([1, 2, 9, 9])]) { xs in xs[0].resizedBilinear(height: 4, width: 5) }
    }
}
