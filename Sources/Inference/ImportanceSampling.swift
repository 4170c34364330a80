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
    public var logMarginalLikelihood: Double { logSumExp(logWeights) - log(Double(logWeights.count)) }

    /// The self-normalised weights, summing to 1.
    public var normalizedWeights: [Double] {
        let total = logSumExp(logWeights)
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
    ///
    /// The running sums of the weights are formed once and each draw is a binary search in them: a draw per
    /// `nextCategorical` call walked all the weights, so resampling n particles took n² steps (70% of a
    /// 1500-particle `importance` from a script).
    public func resample(_ count: Int, using generator: inout SeededGenerator) -> [Trace] {
        var cumulative = [Double]()
        cumulative.reserveCapacity(logWeights.count)
        var total = 0.0
        for weight in normalizedWeights {
            total += weight
            cumulative.append(total)
        }
        return (0..<count).map { _ in
            let u = generator.nextUniform() * total
            // The first particle whose running sum passes u; zero-weight particles are never the first.
            var (low, high) = (0, cumulative.count - 1)
            while low < high {
                let middle = (low + high) / 2
                if cumulative[middle] > u { high = middle } else { low = middle + 1 }
            }
            return traces[low]
        }
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
            throw InferenceError.zeroProbability("importance sampling with \(particles) particles")
        }
        return ImportanceResult(traces: runs.map(\.trace), logWeights: runs.map(\.logWeight))
    }
}

/// log Σ exp(values), stable; `-infinity` when every entry is `-infinity`.
func logSumExp(_ values: [Double]) -> Double {
    guard let largest = values.max(), largest > -.infinity else { return -.infinity }
    return largest + log(values.reduce(0) { $0 + exp($1 - largest) })
}
