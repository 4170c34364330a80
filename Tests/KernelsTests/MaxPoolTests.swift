import Testing
import Random
@testable import Kernels

@Suite struct MaxPoolTests {
    /// Rows of 3, 7 and 4 outputs go one by one; 14 and 16 go eight at a time (14 with an overlapping last
    /// block), as do 9 (odd input width). The 167-plane shape (2^17 elements or more, an odd number of planes)
    /// takes the two-core split.
    @Test(arguments: [(3, 6, 8), (2, 7, 5), (1, 2, 2), (4, 28, 28), (167, 28, 28), (2, 14, 14), (3, 6, 32), (2, 5, 19)])
    func forwardAndBackwardMatchDefinition(planes: Int, height: Int, width: Int) {
        var generator = SeededGenerator(seed: 300, stream: UInt64(height * 100 + width))
        let x = generator.floats(planes * height * width)
        let (oh, ow) = (height / 2, width / 2)
        var y = [Float](repeating: .nan, count: planes * oh * ow)
        var argmax = [Int32](repeating: -1, count: y.count)
        MaxPool.forward2x2(planes: planes, height: height, width: width, input: x, output: &y, argmax: &argmax)
        var valuesOnly = [Float](repeating: .nan, count: y.count)
        MaxPool.forward2x2(planes: planes, height: height, width: width, input: x, output: &valuesOnly, argmax: nil)
        #expect(valuesOnly == y, "without argmax, the same maxima")
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

    /// Ties go to the first element in row-major order, as PyTorch picks, one by one and eight at a time: a row
    /// of 8 windows whose maximum is tied between the positions from window w's position w % 4 on.
    @Test func tiesPickTheFirst() {
        let x: [Float] = [1, 1, 1, 1]
        var y: [Float] = [0], argmax: [Int32] = [-1]
        MaxPool.forward2x2(planes: 1, height: 2, width: 2, input: x, output: &y, argmax: &argmax)
        #expect(argmax == [0])
        let width = 16
        var wide = [Float](repeating: 0, count: 2 * width)
        for w in 0..<8 {
            for position in (w % 4)..<4 { wide[(position / 2) * width + 2 * w + position % 2] = 5 }
        }
        var maxima = [Float](repeating: 0, count: 8), winners = [Int32](repeating: -1, count: 8)
        MaxPool.forward2x2(planes: 1, height: 2, width: width, input: wide, output: &maxima, argmax: &winners)
        #expect(maxima == [Float](repeating: 5, count: 8))
        #expect(winners == (0..<8).map { w in Int32((w % 4 / 2) * width + 2 * w + w % 4 % 2) })
    }
}
