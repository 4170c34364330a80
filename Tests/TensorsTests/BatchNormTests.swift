import Foundation
import Testing
@testable import Tensors

@Suite struct BatchNormTests {
    /// The second shape (over 2^16 values, an odd number of channels) takes the two-core split over channels.
    @Test(arguments: [[3, 2, 2, 2], [3, 5, 70, 70]])
    func trainingModeMatchesNaiveStatisticsAndUpdatesRunningValues(shape: [Int]) {
        var random = TestRandom(seed: 60)
        let x = random.tensor(shape, in: -2...3)
        let (batch, channels, spatial) = (shape[0], shape[1], shape[2] * shape[3])
        let oldMeans = (0..<channels).map { Float($0) * 0.1 - 0.2 }, oldVariances = (0..<channels).map { 0.5 + Float($0) }
        let weight = Tensor((0..<channels).map { 1.5 - Float($0) }), bias = Tensor((0..<channels).map { 0.25 * Float($0) })
        var statistics = BatchNormStatistics(mean: Tensor(oldMeans), variance: Tensor(oldVariances))
        let y = x.batchNormalized(weight: weight, bias: bias, statistics: &statistics, training: true)
        for c in 0..<channels {
            var indices: [Int] = []
            for n in 0..<batch {
                let start: Int = (n * channels + c) * spatial
                indices += start..<(start + spatial)
            }
            let values: [Double] = indices.map { Double(x.scalars[$0]) }
            let count = Double(values.count)
            let mean: Double = values.reduce(0, +) / count
            let squares: Double = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) }
            let scale: Double = Double(weight.scalars[c]) / Foundation.sqrt(squares / count + 1e-5)
            for (k, index) in indices.enumerated() {
                let want: Double = (values[k] - mean) * scale + Double(bias.scalars[c])
                #expect(Swift.abs(Double(y.scalars[index]) - want) < 1e-5)
            }
            // PyTorch: running = 0.9 running + 0.1 batch, with the unbiased variance.
            #expect(Swift.abs(Double(statistics.mean.scalars[c]) - (0.9 * Double(oldMeans[c]) + 0.1 * mean)) < 1e-6)
            let variance: Double = 0.9 * Double(oldVariances[c]) + 0.1 * squares / (count - 1)
            #expect(Swift.abs(Double(statistics.variance.scalars[c]) - variance) < 1e-6 * max(1, variance))
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
