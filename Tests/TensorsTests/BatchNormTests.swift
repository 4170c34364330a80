import Foundation
import Testing
@testable import Tensors

@Suite struct BatchNormTests {
    @Test func trainingModeMatchesNaiveStatisticsAndUpdatesRunningValues() {
        var random = TestRandom(seed: 60)
        let x = random.tensor([3, 2, 2, 2], in: -2...3)
        let weight = Tensor([1.5, -0.5]), bias = Tensor([0.25, 1])
        var statistics = BatchNormStatistics(mean: Tensor([0.1, -0.2]), variance: Tensor([2, 0.5]))
        let y = x.batchNormalized(weight: weight, bias: bias, statistics: &statistics, training: true)
        for c in 0..<2 {
            var values: [Double] = []
            for n in 0..<3 { for i in 0..<2 { for j in 0..<2 { values.append(Double(x[n, c, i, j])) } } }
            let mean = values.reduce(0, +) / 12
            let squares = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +)
            var k = 0
            for n in 0..<3 { for i in 0..<2 { for j in 0..<2 {
                let want = (values[k] - mean) / Foundation.sqrt(squares / 12 + 1e-5) * Double(weight.scalars[c]) + Double(bias.scalars[c])
                #expect(Swift.abs(Double(y[n, c, i, j]) - want) < 1e-5)
                k += 1
            } } }
            // PyTorch: running = 0.9 running + 0.1 batch, with the unbiased variance.
            let oldMean: Double = c == 0 ? 0.1 : -0.2, oldVariance: Double = c == 0 ? 2 : 0.5
            #expect(Swift.abs(Double(statistics.mean.scalars[c]) - (0.9 * oldMean + 0.1 * mean)) < 1e-6)
            #expect(Swift.abs(Double(statistics.variance.scalars[c]) - (0.9 * oldVariance + 0.1 * squares / 11)) < 1e-6)
        }
    }

    @Test func evaluationModeUsesRunningStatistics() {
        let x = Tensor(shape: [2, 2], scalars: [1, 2, 3, 4])
        var statistics = BatchNormStatistics(mean: Tensor([1, -1]), variance: Tensor([4, 0.25]), epsilon: 0)
        let y = x.batchNormalized(weight: Tensor([2, 1]), bias: Tensor([0, 1]), statistics: &statistics, training: false)
        #expect(y.scalars == [0, 7, 2, 11])  // (x - mean) / sqrt(var) * weight + bias
        #expect(statistics.mean.scalars == [1, -1])
    }

    @Test(arguments: [true, false]) func gradients(training: Bool) {
        var random = TestRandom(seed: 61)
        let inputs = [random.tensor([4, 3, 2, 1], in: -2...2), random.tensor([3], in: 0.5...1.5), random.tensor([3])]
        checkGradients(inputs) { xs in
            var statistics = BatchNormStatistics(mean: Tensor([0.1, 0.2, -0.3]), variance: Tensor([1.5, 0.7, 1]))
            return xs[0].batchNormalized(weight: xs[1], bias: xs[2], statistics: &statistics, training: training)
        }
        checkGradients([random.tensor([5, 3], in: -2...2), inputs[1], inputs[2]]) { xs in
            var statistics = BatchNormStatistics(channels: 3)
            return xs[0].batchNormalized(weight: xs[1], bias: xs[2], statistics: &statistics, training: training)
        }
    }
}
