import Testing
import Random
@testable import Kernels

@Suite struct MaxPoolTests {
    /// The last shape (2^17 elements or more, an odd number of planes) takes the two-core split.
    @Test(arguments: [(3, 6, 8), (2, 7, 5), (1, 2, 2), (4, 28, 28), (167, 28, 28)])
    func forwardAndBackwardMatchDefinition(planes: Int, height: Int, width: Int) {
        var generator = SeededGenerator(seed: 300, stream: UInt64(height * 100 + width))
        let x = generator.floats(planes * height * width)
        let (oh, ow) = (height / 2, width / 2)
        var y = [Float](repeating: .nan, count: planes * oh * ow)
        var argmax = [Int32](repeating: -1, count: y.count)
        MaxPool.forward2x2(planes: planes, height: height, width: width, input: x, output: &y, argmax: &argmax)
        let dy = generator.floats(y.count)
        var expectedGradient = [Float](repeating: 0, count: x.count)
        for p in 0..<planes {
            for oy in 0..<oh {
                for ox in 0..<ow {
                    let window = [(0, 0), (0, 1), (1, 0), (1, 1)].map { (p * height + 2 * oy + $0.0) * width + 2 * ox + $0.1 }
                    let winner = window.max { x[$0] < x[$1] }!
                    let out = (p * oh + oy) * ow + ox
                    #expect(y[out] == x[winner])
                    #expect(Int(argmax[out]) == winner)
                    expectedGradient[winner] += dy[out]
                }
            }
        }
        var gradient = [Float](repeating: 1, count: x.count)
        MaxPool.backward2x2(planes: planes, height: height, width: width, argmax: argmax, outputGradient: dy, inputGradient: &gradient)
        #expect(gradient == expectedGradient.map { $0 + 1 })
    }

    /// Ties go to the first element in row-major order, as PyTorch picks.
    @Test func tiesPickTheFirst() {
        let x: [Float] = [1, 1, 1, 1]
        var y: [Float] = [0], argmax: [Int32] = [-1]
        MaxPool.forward2x2(planes: 1, height: 2, width: 2, input: x, output: &y, argmax: &argmax)
        #expect(argmax == [0])
    }
}
