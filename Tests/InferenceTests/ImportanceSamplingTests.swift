import Foundation
import Testing
@testable import Inference
import Language
import Random

@Suite struct ImportanceSamplingTests {
    @Test func coinLogEvidenceMatchesTheBetaFunctionRatio() throws {
        let model = try TestModels.model(TestModels.coinSource, "coin")
        let result = try model.importanceSampling(TestModels.flipValues, particles: 4000, seed: 11)
        let exact = Exact.betaBernoulliLogEvidence(a: 2, b: 3, flips: TestModels.flips)
        // 5 delta-method standard errors of log Ẑ, estimated from the particle weights.
        #expect(abs(result.logMarginalLikelihood - exact) <= 5 * logEvidenceStandardError(result.logWeights))
        // Posterior mean of p: Beta(2 + heads, 3 + tails).
        let heads = Double(TestModels.flips.filter { $0 }.count), n = Double(TestModels.flips.count)
        let posteriorMean = (2 + heads) / (5 + n)
        #expect(abs(result.expectation { $0["p"]!.numberValue! } - posteriorMean) < 0.02)
    }

    @Test func normalMeanLogEvidenceMatchesTheMarginalGaussian() throws {
        let model = try TestModels.model(TestModels.normalSource, "normal_mean")
        let result = try model.importanceSampling(TestModels.yValues, particles: 4000, seed: 12)
        let exact = Exact.normalNormal(priorMean: 1, priorSD: 2, noiseSD: 0.5, ys: TestModels.ys)
        #expect(abs(result.logMarginalLikelihood - exact.logEvidence) <= 5 * logEvidenceStandardError(result.logWeights))
    }

    @Test func resultsDoNotDependOnSchedulingAndResamplingFollowsWeights() throws {
        let model = try TestModels.model(TestModels.coinSource, "coin")
        let first = try model.importanceSampling(TestModels.flipValues, particles: 300, seed: 5)
        let second = try model.importanceSampling(TestModels.flipValues, particles: 300, seed: 5)
        #expect(first.logWeights == second.logWeights)
        let other = try model.importanceSampling(TestModels.flipValues, particles: 300, seed: 6)
        #expect(first.logWeights != other.logWeights)
        var generator = SeededGenerator(seed: 1)
        let resampled = first.resample(5000, using: &generator).map { $0["p"]!.numberValue! }
        // The resampled mean estimates the weighted mean: 5 SE of a 5000-draw mean from the weighted particles.
        expectMean(resampled, first.expectation { $0["p"]!.numberValue! }, "resampled mean")
    }

    @Test func rejectsANonPositiveParticleCount() throws {
        let model = try TestModels.model(TestModels.coinSource, "coin")
        #expect(throws: InferenceError.self) { try model.importanceSampling(TestModels.flipValues, particles: 0, seed: 1) }
    }
}
