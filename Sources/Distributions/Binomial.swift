import Foundation
import Random

/// The binomial distribution: the number of successes in n independent trials of probability p, given p or
/// its logit log(p / (1-p)) (`binomial` and `binomial_logit` in the language).
public struct Binomial: Distribution {
    /// The number of trials n ≥ 0.
    public let trials: Int
    /// The success probability p.
    public let probability: Double
    /// log p and log(1 - p), kept separately so a logit far from 0 loses no precision.
    let logProbability: Double, logComplement: Double

    /// A binomial with n trials of probability p; throws unless n ≥ 0 and p ∈ [0, 1].
    public init(trials: Int, probability: Double) throws(DistributionError) {
        let check = ParameterCheck(distribution: "binomial")
        try check.count(trials, "trials")
        try check.probability(probability, "probability")
        self.trials = trials
        self.probability = probability
        (logProbability, logComplement) = (log(probability), log1p(-probability))
    }

    /// A binomial with n trials of probability 1/(1 + e^(-η)); throws unless n ≥ 0 and η is not NaN.
    public init(trials: Int, logit: Double) throws(DistributionError) {
        let check = ParameterCheck(distribution: "binomial_logit")
        try check.count(trials, "trials")
        try check.notNaN(logit, "logit")
        self.trials = trials
        probability = Special.sigmoid(logit)
        (logProbability, logComplement) = (Special.logSigmoid(logit), Special.logSigmoid(-logit))
    }

    /// d log p / d(probability) and d log p / d(logit); the count and the number of trials are discrete.
    public struct Gradient: Equatable, Sendable {
        /// d log p(k) / d p = k/p - (n-k)/(1-p).
        public var probability: Double
        /// d log p(k) / d η = k - n p = k (1-p) - (n-k) p.
        public var logit: Double
    }

    /// Draws a count (see `RandomNumberGenerator.nextBinomial`).
    public func sample<G: RandomNumberGenerator>(using generator: inout G) -> Int {
        generator.nextBinomial(trials: trials, probability: probability)
    }

    /// log C(n, k) + k log p + (n-k) log(1-p) for 0 ≤ k ≤ n, `-infinity` for other integers.
    public func logDensity(_ k: Int) -> Double {
        guard (0...trials).contains(k) else { return -.infinity }
        // 0 · log 0 = 0: a certain outcome (p = 0 or 1) has mass 1, not NaN.
        let successes = k == 0 ? 0 : Double(k) * logProbability
        let failures = k == trials ? 0 : Double(trials - k) * logComplement
        return Special.logChoose(trials, k) + successes + failures
    }

    /// The analytic gradient (see ``Gradient``); zero outside 0...n.
    public func logDensityGradient(_ k: Int) -> Gradient {
        guard (0...trials).contains(k) else { return Gradient(probability: 0, logit: 0) }
        let successes = Double(k), failures = Double(trials - k)
        return Gradient(probability: (successes == 0 ? 0 : successes / probability) - (failures == 0 ? 0 : failures / (1 - probability)),
                        logit: successes * exp(logComplement) - failures * exp(logProbability))
    }
}
