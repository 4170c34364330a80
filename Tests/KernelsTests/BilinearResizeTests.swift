import Foundation
import Testing
import Random
@testable import Kernels

@Suite struct BilinearResizeTests {
    /// PyTorch's align_corners=False rule written from its definition, in Double: source coordinate
    /// (i + ½)·in/out - ½ clamped below at 0; neighbours floor(s) and min(floor(s) + 1, in - 1).
    func referenceWeights(input: Int, output: Int) -> [[(Int, Double)]] {
        (0..<output).map { i in
            let source = max((Double(i) + 0.5) * Double(input) / Double(output) - 0.5, 0)
            let low = min(Int(source.rounded(.down)), input - 1)
            let fraction = source - Double(low)
            return [(low, 1 - fraction), (min(low + 1, input - 1), fraction)]
        }
    }

    func referenceForward(planes: Int, _ h: Int, _ w: Int, _ oh: Int, _ ow: Int, _ x: [Float]) -> [Double] {
        let rows = referenceWeights(input: h, output: oh), columns = referenceWeights(input: w, output: ow)
        var y = [Double](repeating: 0, count: planes * oh * ow)
        for p in 0..<planes {
            for oy in 0..<oh {
                for ox in 0..<ow {
                    for (iy, wy) in rows[oy] {
                        for (ix, wx) in columns[ox] { y[(p * oh + oy) * ow + ox] += wy * wx * Double(x[(p * h + iy) * w + ix]) }
                    }
                }
            }
        }
        return y
    }

    static let sizes = [(105, 105, 28, 28), (28, 28, 105, 105), (5, 7, 3, 11), (4, 4, 4, 4), (1, 3, 2, 1)]

    @Test(arguments: sizes)
    func forwardMatchesDefinition(h: Int, w: Int, oh: Int, ow: Int) {
        var generator = SeededGenerator(seed: 400, stream: UInt64(h * w + oh))
        let planes = 2
        let x = generator.floats(planes * h * w)
        var y = [Float](repeating: .nan, count: planes * oh * ow)
        BilinearResize.forward(planes: planes, inputHeight: h, inputWidth: w, outputHeight: oh, outputWidth: ow, input: x, output: &y)
        #expect(maximumRelativeError(y, referenceForward(planes: planes, h, w, oh, ow, x)) < 1e-5)
    }

    /// The backward is the adjoint of the (linear) forward: <forward(x), dy> == <x, backward(dy)> for
    /// random x and dy, which pins every weight; and it accumulates.
    @Test(arguments: sizes)
    func backwardIsTheAdjoint(h: Int, w: Int, oh: Int, ow: Int) {
        var generator = SeededGenerator(seed: 401, stream: UInt64(h * w + oh))
        let planes = 2
        let x = generator.floats(planes * h * w), dy = generator.floats(planes * oh * ow)
        let forward = referenceForward(planes: planes, h, w, oh, ow, x)
        let start = generator.floats(x.count)
        var dx = start
        BilinearResize.backward(planes: planes, inputHeight: h, inputWidth: w, outputHeight: oh, outputWidth: ow,
                                outputGradient: dy, inputGradient: &dx)
        let left = zip(forward, dy).reduce(0) { $0 + $1.0 * Double($1.1) }
        let right = zip(zip(dx, start), x).reduce(0) { $0 + (Double($1.0.0) - Double($1.0.1)) * Double($1.1) }
        #expect(abs(left - right) < 1e-4 * max(1, abs(left)))
        // Each input's gradient is Σ over outputs of weight·dy, the same weights as the reference.
        let rows = referenceWeights(input: h, output: oh), columns = referenceWeights(input: w, output: ow)
        var expected = start.map(Double.init)
        for p in 0..<planes {
            for oy in 0..<oh {
                for ox in 0..<ow {
                    for (iy, wy) in rows[oy] {
                        for (ix, wx) in columns[ox] { expected[(p * h + iy) * w + ix] += wy * wx * Double(dy[(p * oh + oy) * ow + ox]) }
                    }
                }
            }
        }
        // Upsampling sums ~(oh·ow)/(h·w) terms into each input, and Float rounding grows with the term count.
        #expect(maximumRelativeError(dx, expected) < 1e-5 * max(1, Double(oh * ow) / Double(h * w)))
    }

    /// Finite differences of <forward(x), dy> in x agree with the backward kernel.
    @Test func backwardMatchesFiniteDifferences() {
        var generator = SeededGenerator(seed: 402)
        let (h, w, oh, ow) = (9, 7, 4, 5)
        var x = generator.floats(h * w)
        let dy = generator.floats(oh * ow)
        func loss(_ x: [Float]) -> Double {
            var y = [Float](repeating: 0, count: oh * ow)
            BilinearResize.forward(planes: 1, inputHeight: h, inputWidth: w, outputHeight: oh, outputWidth: ow, input: x, output: &y)
            return zip(y, dy).reduce(0) { $0 + Double($1.0) * Double($1.1) }
        }
        var dx = [Float](repeating: 0, count: x.count)
        BilinearResize.backward(planes: 1, inputHeight: h, inputWidth: w, outputHeight: oh, outputWidth: ow, outputGradient: dy, inputGradient: &dx)
        let step: Float = 1e-2
        for index in x.indices {
            let saved = x[index]
            x[index] = saved + step; let up = loss(x)
            x[index] = saved - step; let down = loss(x)
            x[index] = saved
            #expect(abs((up - down) / Double(2 * step) - Double(dx[index])) < 1e-3)
        }
    }
}
