import Foundation
import Testing
@testable import Distributions
import Random

@Suite struct BernoulliImageTests {
    let probabilities: [Float] = [0.1, 0.9, 0.5, 0.25, 0.0, 1.0]
    let image = [false, true, true, false, false, true]

    @Test func logLikelihoodIsTheSumOverPixels() throws {
        let distribution = try BernoulliImage(probabilities: probabilities)
        var reference = 0.0
        for (p, on) in zip(probabilities.prefix(4), image) { reference += try Bernoulli(probability: Double(p)).logDensity(on) }
        // Pixels 4 and 5 are certain and agree with the image: their clamped cost is log(1-ε) ≈ -ε.
        expectClose(try distribution.logDensity(image), reference, tolerance: 1e-5)
        // A certain pixel that disagrees costs log ε instead of -infinity.
        let contradicted = try distribution.logDensity([false, true, true, false, true, true])
        #expect(contradicted.isFinite)
        expectClose(contradicted - (try distribution.logDensity(image)), Double(log(BernoulliImage.clampEpsilon)), tolerance: 1e-3)
    }

    @Test func massSumsToOneOverAllImagesOfThreePixels() throws {
        let distribution = try BernoulliImage(probabilities: [0.2, 0.7, 0.45])
        var total = 0.0
        for bits in 0..<8 { total += exp(try distribution.logDensity((0..<3).map { bits >> $0 & 1 == 1 })) }
        expectClose(total, 1, tolerance: 1e-6)
    }

    @Test func gradientMatchesFiniteDifferencesAwayFromTheClamp() throws {
        let interior: [Float] = [0.1, 0.9, 0.5, 0.25]
        let pixels = Array(image.prefix(4))
        let g = try BernoulliImage(probabilities: interior).logDensityGradient(pixels)
        for i in 0..<4 {
            let numeric = try centralDifference(at: Double(interior[i]), step: 1e-3) { p in
                var moved = interior; moved[i] = Float(p); return try BernoulliImage(probabilities: moved).logDensity(pixels)
            }
            expectClose(Double(g.probabilities[i]), numeric, tolerance: 1e-3, "pixel \(i)")
        }
        let atEdges = try BernoulliImage(probabilities: [0, 1]).logDensityGradient([true, false])
        #expect(atEdges.probabilities.allSatisfy { $0.isFinite })
    }

    @Test func sampleFrequenciesMatch() throws {
        var generator = SeededGenerator(seed: 22)
        let distribution = try BernoulliImage(probabilities: [0.3, 0.8])
        let draws = (0..<20_000).map { _ in distribution.sample(using: &generator) }
        expectMean(draws.map { $0[0] ? 1 : 0 }, 0.3, "pixel 0")
        expectMean(draws.map { $0[1] ? 1 : 0 }, 0.8, "pixel 1")
    }

    @Test func rejectsBadProbabilitiesAndSizes() throws {
        #expect(throws: DistributionError.invalidParameter(distribution: "bernoulli_image", parameter: "probabilities[1]",
                                                           value: "1.2", requirement: "must lie in [0, 1]")) {
            try BernoulliImage(probabilities: [0.5, 1.2])
        }
        #expect(throws: DistributionError.wrongLength(distribution: "bernoulli_image", argument: "image", expected: 6, actual: 2)) {
            try BernoulliImage(probabilities: probabilities).logDensity([true, false])
        }
    }
}
