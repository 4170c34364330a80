import Distributions
import Foundation
import Kernels
import Language
import Random

/// The weighted particles of importance sampling with the prior as proposal, and the evidence estimate.
public struct ImportanceResult: Sendable {
    /// One trace per particle.
    public let traces: [Trace]
    /// Each particle's log importance weight.
    public let logWeights: [Double]

    /// log of the unbiased evidence estimate (1/N) Σ exp(log wᵢ).
    public var logMarginalLikelihood: Double { Special.logSumExp(logWeights) - log(Double(logWeights.count)) }

    /// The self-normalised weights, summing to 1.
    public var normalizedWeights: [Double] {
        let total = Special.logSumExp(logWeights)
        return logWeights.map { exp($0 - total) }
    }

    /// The effective sample size 1 / Σ w̄ᵢ².
    public var effectiveSampleSize: Double { 1 / normalizedWeights.reduce(0) { $0 + $1 * $1 } }

    /// The self-normalised estimate of E[f(trace)] under the posterior.
    public func expectation(_ f: (Trace) throws -> Double) rethrows -> Double {
        var total = 0.0
        for (trace, weight) in zip(traces, normalizedWeights) where weight > 0 { total += weight * (try f(trace)) }
        return total
    }

    /// `count` traces drawn with replacement in proportion to their weights (multinomial resampling).
    public func resample(_ count: Int, using generator: inout SeededGenerator) -> [Trace] {
        (0..<count).map { _ in traces[generator.nextCategorical(logWeights: logWeights)] }
    }
}

extension Model {
    /// Importance sampling with the prior as proposal: `particles` independent `generate` runs under
    /// `constraints`. Run i draws from stream i of `seed`, so the result does not depend on how the runs are
    /// spread over the cores. Throws if `particles` < 1, or if any run throws (the first error by particle index).
    public func importanceSampling(_ arguments: [Value], constraints: ChoiceMap = ChoiceMap(), particles: Int,
                                   seed: UInt64) throws -> ImportanceResult {
        guard particles >= 1 else {
            throw InferenceError.invalidSetting(name: "particles", value: "\(particles)", requirement: "must be at least 1")
        }
        let runs = try Parallel.map(0..<particles) { (index: Int) throws -> (trace: Trace, logWeight: Double) in
            var generator = SeededGenerator(seed: seed, stream: UInt64(index))
            return try generate(arguments, constraints: constraints, using: &generator)
        }
        guard runs.contains(where: { $0.logWeight > -.infinity }) else {
            throw InferenceError.zeroProbability("importance sampling with \(particles) particles", cause: runs[0].trace.zeroProbabilityCause)
        }
        return ImportanceResult(traces: runs.map(\.trace), logWeights: runs.map(\.logWeight))
    }
}
