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

    /// `count` traces drawn in proportion to their weights, by systematic resampling (see
    /// ``systematicResamplingCounts(_:count:using:)``), in particle order.
    public func resample(_ count: Int, using generator: inout SeededGenerator) -> [Trace] {
        var resampled: [Trace] = []
        resampled.reserveCapacity(count)
        for (trace, copies) in zip(traces, systematicResamplingCounts(normalizedWeights, count: count, using: &generator)) {
            for _ in 0..<copies { resampled.append(trace) }
        }
        return resampled
    }
}

extension Model {
    /// Importance sampling with the prior as proposal: `particles` independent `generate` runs under
    /// `constraints`. Run i draws from stream i of `seed`, so the result does not depend on how the runs are
    /// spread over the cores. Throws if `particles` < 1, or if a run throws: the first failure stops the
    /// others (``parallelRuns(_:_:)``) and the error of the lowest failing particle is thrown.
    public func importanceSampling(_ arguments: [Value], constraints: ChoiceMap = ChoiceMap(), particles: Int,
                                   seed: UInt64) throws -> ImportanceResult {
        guard particles >= 1 else {
            throw InferenceError.invalidSetting(name: "particles", value: "\(particles)", requirement: "must be at least 1")
        }
        let runs = try parallelRuns(particles) { index, cancellation in
            var generator = SeededGenerator(seed: seed, stream: UInt64(index))
            return try generate(arguments, constraints: constraints, using: &generator, cancellation: cancellation)
        }
        guard runs.contains(where: { $0.logWeight > -.infinity }) else {
            throw InferenceError.zeroProbability("importance sampling with \(particles) particles", cause: runs[0].trace.zeroProbabilityCause.map { "in the first particle, " + $0 })
        }
        return ImportanceResult(traces: runs.map(\.trace), logWeights: runs.map(\.logWeight))
    }
}

/// How many copies of each particle systematic resampling keeps: `count` evenly spaced points u, u + 1/count,
/// ..., u + (count-1)/count with one uniform u in [0, 1/count), each picking the particle whose cumulative-weight
/// interval holds it, found by one walk along the cumulative weights: O(N + count).
///
/// Systematic rather than multinomial (one categorical draw per copy, O(N) each, quadratic overall as before)
/// or residual resampling: it is unbiased (E[copies i] = count·wᵢ), keeps each particle floor(count·wᵢ) or
/// ceil(count·wᵢ) times (so the least resampling noise of the usual schemes), and needs one uniform and one
/// pass. `weights` must be non-negative and sum to 1 (up to rounding).
func systematicResamplingCounts(_ weights: [Double], count: Int, using generator: inout SeededGenerator) -> [Int] {
    var copies = [Int](repeating: 0, count: weights.count)
    guard count > 0, !weights.isEmpty else { return copies }
    let offset = generator.nextUniform()
    // Rounding can leave the total just below the last point: the last particle of positive weight takes it.
    let last = weights.lastIndex { $0 > 0 } ?? weights.count - 1
    var cumulative = 0.0
    var particle = 0
    for k in 0..<count {
        let point = (Double(k) + offset) / Double(count)
        while particle < last, cumulative + weights[particle] <= point {
            cumulative += weights[particle]
            particle += 1
        }
        copies[particle] += 1
    }
    return copies
}
