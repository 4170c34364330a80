import Foundation
import Testing
@testable import Random

/// Checks the sample mean and variance of `samples` against the exact moments.
///
/// With n draws, the sample mean has standard error sigma / sqrt(n), and the sample variance has standard
/// error sigma^2 · sqrt((excessKurtosis + 2) / n) (its variance is (mu4 - sigma^4) / n to leading order, and
/// mu4 = sigma^4 · (excessKurtosis + 3)). Both must be within 5 standard errors, which a correct sampler
/// fails with probability below 1e-6 per check; the seeds are fixed, so the test is deterministic.
func expectMoments(_ samples: [Double], mean: Double, variance: Double, excessKurtosis: Double,
                   sourceLocation: SourceLocation = #_sourceLocation) {
    let n = Double(samples.count)
    let sampleMean = samples.reduce(0, +) / n
    let sampleVariance = samples.reduce(0) { $0 + ($1 - sampleMean) * ($1 - sampleMean) } / (n - 1)
    #expect(abs(sampleMean - mean) < 5 * (variance / n).squareRoot(),
            "mean \(sampleMean) vs \(mean)", sourceLocation: sourceLocation)
    #expect(abs(sampleVariance - variance) < 5 * variance * ((excessKurtosis + 2) / n).squareRoot(),
            "variance \(sampleVariance) vs \(variance)", sourceLocation: sourceLocation)
}

/// A generator that replays fixed outputs, to drive the samplers to their extremes.
struct ReplayGenerator: RandomNumberGenerator {
    var outputs: [UInt64]
    var index = 0
    mutating func next() -> UInt64 {
        defer { index = (index + 1) % outputs.count }
        return outputs[index]
    }
}

@Suite struct SamplingTests {
    let n = 200_000

    @Test func uniformIsOpenAtBothEnds() {
        var generator = ReplayGenerator(outputs: [0, .max])
        let low = generator.nextUniform()
        let high = generator.nextUniform()
        #expect(low > 0 && high < 1)
        #expect(log(low).isFinite && log1p(-high).isFinite)
    }

    /// Uniform(a, b): mean (a+b)/2, variance (b-a)^2/12, excess kurtosis -6/5.
    @Test func uniformMoments() {
        var generator = SeededGenerator(seed: 11)
        expectMoments((0..<n).map { _ in generator.nextUniform() }, mean: 0.5, variance: 1.0 / 12, excessKurtosis: -1.2)
        let shifted = (0..<n).map { _ in generator.nextUniform(in: -2..<3) }
        #expect(shifted.allSatisfy { $0 >= -2 && $0 < 3 })
        expectMoments(shifted, mean: 0.5, variance: 25.0 / 12, excessKurtosis: -1.2)
    }

    /// Normal(mu, sigma): excess kurtosis 0.
    @Test func normalMoments() {
        var generator = SeededGenerator(seed: 12)
        expectMoments((0..<n).map { _ in generator.nextNormal(mean: 1.5, standardDeviation: 2) },
                      mean: 1.5, variance: 4, excessKurtosis: 0)
    }

    /// The Float fill uses both Box–Muller outputs; an odd length checks the last, unpaired element.
    @Test func fillNormalMoments() {
        var generator = SeededGenerator(seed: 13)
        var buffer = [Float](repeating: .nan, count: n + 1)
        buffer.withUnsafeMutableBufferPointer { generator.fillNormal($0, mean: -1, standardDeviation: 0.5) }
        #expect(buffer.allSatisfy { $0.isFinite })
        expectMoments(buffer.map(Double.init), mean: -1, variance: 0.25, excessKurtosis: 0)
    }

    /// Gamma(k, theta): mean k·theta, variance k·theta^2, excess kurtosis 6/k. Shape 0.3 exercises the
    /// shape < 1 boost, shape 7 the plain Marsaglia–Tsang path.
    @Test(arguments: [(0.3, 2.0), (7.0, 0.5), (1.0, 1.0)])
    func gammaMoments(shape: Double, scale: Double) {
        var generator = SeededGenerator(seed: 14, stream: UInt64(shape * 10))
        let samples = (0..<n).map { _ in generator.nextGamma(shape: shape, scale: scale) }
        #expect(samples.allSatisfy { $0 >= 0 && $0.isFinite })
        expectMoments(samples, mean: shape * scale, variance: shape * scale * scale, excessKurtosis: 6 / shape)
    }

    /// Beta(a, b): mean a/(a+b), variance ab/((a+b)^2 (a+b+1)), excess kurtosis
    /// 6[(a-b)^2 (a+b+1) - ab(a+b+2)] / [ab(a+b+2)(a+b+3)]. Parameters 0.01 make both gammas underflow in
    /// linear space, which the log-space construction must survive.
    @Test(arguments: [(2.0, 5.0), (0.5, 0.5), (0.01, 0.01)])
    func betaMoments(a: Double, b: Double) {
        var generator = SeededGenerator(seed: 15, stream: UInt64(a * 100))
        let samples = (0..<n).map { _ in generator.nextBeta(a, b) }
        #expect(samples.allSatisfy { $0 >= 0 && $0 <= 1 })
        let s = a + b
        let kurtosis = 6 * ((a - b) * (a - b) * (s + 1) - a * b * (s + 2)) / (a * b * (s + 2) * (s + 3))
        expectMoments(samples, mean: a / s, variance: a * b / (s * s * (s + 1)), excessKurtosis: kurtosis)
    }

    /// Bernoulli(p): variance pq, excess kurtosis (1 - 6pq)/(pq).
    @Test func bernoulliMoments() {
        var generator = SeededGenerator(seed: 16)
        let p = 0.3, pq = 0.3 * 0.7
        expectMoments((0..<n).map { _ in generator.nextBernoulli(probability: p) ? 1.0 : 0.0 },
                      mean: p, variance: pq, excessKurtosis: (1 - 6 * pq) / pq)
    }

    /// Poisson(lambda): mean = variance = lambda, excess kurtosis 1/lambda. 3.5 takes the product
    /// method, 40 and 1000 the transformed-rejection method.
    @Test(arguments: [0.0, 3.5, 40.0, 1000.0])
    func poissonMoments(mean: Double) {
        var generator = SeededGenerator(seed: 17, stream: UInt64(mean))
        let samples = (0..<n).map { _ in Double(generator.nextPoisson(mean: mean)) }
        if mean == 0 {
            #expect(samples.allSatisfy { $0 == 0 })
        } else {
            expectMoments(samples, mean: mean, variance: mean, excessKurtosis: 1 / mean)
        }
    }

    /// Pearson's statistic over K categories with positive probability is approximately chi-square with
    /// K-1 degrees of freedom (mean K-1, variance 2(K-1)); it must stay below mean + 5 standard deviations.
    func expectFrequencies(_ counts: [Int], match probabilities: [Double], sourceLocation: SourceLocation = #_sourceLocation) {
        let total = Double(counts.reduce(0, +))
        var statistic = 0.0
        var degrees = -1.0
        for (count, probability) in zip(counts, probabilities) {
            if probability == 0 {
                #expect(count == 0, "a zero-probability category was drawn", sourceLocation: sourceLocation)
                continue
            }
            let expected = total * probability
            statistic += (Double(count) - expected) * (Double(count) - expected) / expected
            degrees += 1
        }
        #expect(statistic < degrees + 5 * (2 * degrees).squareRoot(), "chi-square \(statistic)", sourceLocation: sourceLocation)
    }

    @Test func categoricalFrequencies() {
        var generator = SeededGenerator(seed: 18)
        let weights = [1.0, 2.0, 0.0, 3.0, 4.0, 0.5]  // unnormalised on purpose
        var counts = [Int](repeating: 0, count: weights.count)
        for _ in 0..<n { counts[generator.nextCategorical(probabilities: weights)] += 1 }
        let total = weights.reduce(0, +)
        expectFrequencies(counts, match: weights.map { $0 / total })
    }

    /// Log-weights near 1000 overflow `exp` if used directly; the probabilities are their softmax.
    @Test func categoricalFromLogWeightsIsStable() {
        var generator = SeededGenerator(seed: 19)
        let logWeights = [1000.0, 1001.0, -.infinity, 999.0, 1000.5]
        var counts = [Int](repeating: 0, count: logWeights.count)
        for _ in 0..<n { counts[generator.nextCategorical(logWeights: logWeights)] += 1 }
        let unnormalised = logWeights.map { exp($0 - 1001) }
        let total = unnormalised.reduce(0, +)
        expectFrequencies(counts, match: unnormalised.map { $0 / total })
    }
}
