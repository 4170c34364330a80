import Distributions
import Foundation

/// Closed-form posteriors and evidences of the example models, computed independently of the engine.
enum Exact {
    /// log p(flips) for p ~ Beta(a, b), flips ~ Bernoulli(p): log B(a + heads, b + tails) - log B(a, b).
    static func betaBernoulliLogEvidence(a: Double, b: Double, flips: [Bool]) -> Double {
        let heads = Double(flips.filter { $0 }.count), tails = Double(flips.count) - heads
        return logBeta(a + heads, b + tails) - logBeta(a, b)
    }

    static func logBeta(_ a: Double, _ b: Double) -> Double { lgamma(a) + lgamma(b) - lgamma(a + b) }

    /// Posterior (mean, sd) and log evidence for μ ~ N(m, s²), yᵢ ~ N(μ, σ²).
    static func normalNormal(priorMean m: Double, priorSD s: Double, noiseSD sigma: Double,
                             ys: [Double]) -> (mean: Double, sd: Double, logEvidence: Double) {
        let n = Double(ys.count)
        let precision = 1 / (s * s) + n / (sigma * sigma)
        let mean = (m / (s * s) + ys.reduce(0, +) / (sigma * sigma)) / precision
        // y ~ N(m·1, σ²I + s²11ᵀ): det = σ^(2n)(1 + n s²/σ²), inverse by Sherman-Morrison.
        let centered = ys.map { $0 - m }
        let sum = centered.reduce(0, +), sumSquares = centered.reduce(0) { $0 + $1 * $1 }
        let k = s * s / (sigma * sigma)
        let quadratic = (sumSquares - k * sum * sum / (1 + n * k)) / (sigma * sigma)
        let logDeterminant = 2 * n * log(sigma) + log(1 + n * k)
        let logEvidence = -0.5 * (n * log(2 * Double.pi) + logDeterminant + quadratic)
        return (mean, (1 / precision).squareRoot(), logEvidence)
    }

    /// The forward algorithm for an HMM with Gaussian emissions: log p(ys) and the smoothed marginals
    /// p(zₜ = k | ys) (forward-backward), all in log space.
    static func hmm(initial: [Double], transitions: [[Double]], means: [Double], sd: Double,
                    ys: [Double]) -> (logEvidence: Double, marginals: [[Double]]) {
        let k = initial.count, n = ys.count
        func emission(_ state: Int, _ y: Double) -> Double {
            let z = (y - means[state]) / sd
            return -0.5 * z * z - log(sd) - 0.5 * log(2 * Double.pi)
        }
        var alpha = [[Double]](repeating: [Double](repeating: 0, count: k), count: n)
        for s in 0..<k { alpha[0][s] = log(initial[s]) + emission(s, ys[0]) }
        for t in 1..<n {
            for s in 0..<k {
                alpha[t][s] = Special.logSumExp((0..<k).map { alpha[t - 1][$0] + log(transitions[$0][s]) }) + emission(s, ys[t])
            }
        }
        var beta = [[Double]](repeating: [Double](repeating: 0, count: k), count: n)
        for t in stride(from: n - 2, through: 0, by: -1) {
            for s in 0..<k {
                beta[t][s] = Special.logSumExp((0..<k).map { log(transitions[s][$0]) + emission($0, ys[t + 1]) + beta[t + 1][$0] })
            }
        }
        let logEvidence = Special.logSumExp(alpha[n - 1])
        let marginals = (0..<n).map { t in (0..<k).map { exp(alpha[t][$0] + beta[t][$0] - logEvidence) } }
        return (logEvidence, marginals)
    }
}
