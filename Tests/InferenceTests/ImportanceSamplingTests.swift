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

/// Systematic resampling (O(N)) and the first failing particle stopping the others.
@Suite struct ResamplingAndFailureTests {
    /// Each particle is kept floor(N wᵢ) or ceil(N wᵢ) times (a property of systematic resampling), and over
    /// R = 4000 independent resamplings its mean count is within 5 standard errors of N wᵢ: a count that
    /// takes two adjacent values has variance at most 1/4, so the standard error is at most 0.5 / √R.
    @Test func systematicCountsAreUnbiasedAndWithinOneOfTheirExpectation() {
        let raw = (0..<50).map { Double(($0 * $0) % 17) }  // some weights zero
        let total = raw.reduce(0, +)
        let weights = raw.map { $0 / total }
        let count = 37, repetitions = 4000
        var sums = [Double](repeating: 0, count: weights.count)
        var generator = SeededGenerator(seed: 41)
        for _ in 0..<repetitions {
            let copies = systematicResamplingCounts(weights, count: count, using: &generator)
            #expect(copies.reduce(0, +) == count)
            for (i, c) in copies.enumerated() {
                let expected = Double(count) * weights[i]
                #expect(Double(c) >= expected.rounded(.down) - 1e-9 && Double(c) <= expected.rounded(.up) + 1e-9)
                sums[i] += Double(c)
            }
        }
        for (i, sum) in sums.enumerated() {
            #expect(abs(sum / Double(repetitions) - Double(count) * weights[i]) <= 5 * 0.5 / Double(repetitions).squareRoot(),
                    "particle \(i)")
        }
    }

    /// A model stuck in an endless loop under `importance` with 1000 particles: the error comes after about
    /// one run per core (runs counted by a builtin the model calls), not one run per particle, and it carries
    /// the `.gns` call stack down to the script's `importance` call.
    @Test func anEndlessLoopInOneParticleStopsTheOthersAndKeepsItsCallStack() throws {
        let runs = RunCounter()
        var builtins = BuiltinRegistry.withInference
        builtins.register(Builtin("tick", parameters: []) { _ in runs.increment(); return .nil })
        let source = """
        def spin() {
          while true {}
        }
        def model() {
          tick()
          let x = sample("x", normal(0, 1))
          spin()
        }
        let result = importance(model, [], particles: 1000)
        """
        let program = try Program(source: source, fileName: "t.gns", builtins: builtins)
        let interpreter = Interpreter(program: program, limits: Interpreter.Limits(steps: 20_000), output: { _ in })
        var generator = SeededGenerator(seed: 1)
        let error = try #require(throws: ProgramError.self) { try interpreter.run(generator: &generator) }
        let text = error.description
        #expect(text.contains("t.gns:2:9: error: step limit reached"), "\(text)")
        #expect(text.contains("in spin, called at t.gns:7:3"), "\(text)")
        #expect(text.contains("in model, called at t.gns:9:14"), "\(text)")
        #expect(runs.count <= ProcessInfo.processInfo.activeProcessorCount, "\(runs.count) runs started")
    }

    /// The failing particle's notes survive too (a reused address names its first use).
    @Test func aParticleErrorKeepsItsNotes() throws {
        let source = """
        def model() {
          sample("x", normal(0, 1))
          sample("x", normal(0, 1))
        }
        let result = importance(model, [], particles: 10)
        """
        let program = try Program(source: source, fileName: "t.gns", builtins: .withInference)
        var generator = SeededGenerator(seed: 1)
        let error = try #require(throws: ProgramError.self) {
            try Interpreter(program: program, output: { _ in }).run(generator: &generator)
        }
        #expect(error.description.contains("t.gns:2:3: note: first used here"), "\(error)")
        #expect(error.description.contains("in model, called at t.gns:5:14"), "\(error)")
    }

    /// The lowest failing particle's error is the one reported, however the runs were scheduled.
    @Test func theReportedFailureIsTheLowestFailingParticle() throws {
        let model = try TestModels.model("""
        def model(limit) {
          let x = sample("x", uniform(0, 1))
          if x > limit { sample(x, normal(0, 1)) }   # the error quotes x: each particle's differs
          return x
        }
        """, "model")
        var messages: Set<String> = []
        for _ in 0..<3 {
            let error = try #require(throws: ProgramError.self) {
                try model.importanceSampling([.number(0.99)], particles: 2000, seed: 7)
            }
            messages.insert(error.description)
        }
        #expect(messages.count == 1)
    }
}

/// Counts calls from any thread.
final class RunCounter: @unchecked Sendable {
    private var value = 0
    private let lock = NSLock()
    func increment() { lock.withLock { value += 1 } }
    var count: Int { lock.withLock { value } }
}
