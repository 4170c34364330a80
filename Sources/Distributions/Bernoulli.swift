import Foundation
import Random

/// The Bernoulli distribution: `true` with probability p, given p or its logit log(p / (1-p))
/// (`bernoulli` and `bernoulli_logit` in the language). It is a ``Binomial`` of one trial, whose log-probabilities
/// and gradients it uses, with the outcome as a boolean.
public struct Bernoulli: Distribution {
    /// The one trial.
    let trial: Binomial

    /// The probability of `true`, in [0, 1].
    public var probability: Double { trial.probability }

    /// A Bernoulli with success probability p; throws unless p ∈ [0, 1].
    public init(probability: Double) throws(DistributionError) {
        try ParameterCheck(distribution: "bernoulli").probability(probability, "probability")
        trial = try Binomial(trials: 1, probability: probability)
    }

    /// A Bernoulli with success probability 1/(1 + e^(-η)); throws if η is NaN.
    public init(logit: Double) throws(DistributionError) {
        try ParameterCheck(distribution: "bernoulli_logit").notNaN(logit, "logit")
        trial = try Binomial(trials: 1, logit: logit)
    }

    /// d log p / d(probability) and d log p / d(logit); the value is discrete and has no gradient.
    public typealias Gradient = Binomial.Gradient

    /// Draws `true` with probability p.
    public func sample<G: RandomNumberGenerator>(using generator: inout G) -> Bool {
        generator.nextBernoulli(probability: probability)
    }

    /// log p for `true`, log(1-p) for `false`.
    public func logDensity(_ x: Bool) -> Double {
        x ? trial.logProbability : trial.logComplement
    }

    /// d/dp: 1/p for `true`, -1/(1-p) for `false`; d/dη: 1 - p for `true`, -p for `false`.
    public func logDensityGradient(_ x: Bool) -> Gradient {
        trial.logDensityGradient(x ? 1 : 0)
    }

    /// The Bernoulli sharpened (τ < 1) or flattened (τ > 1) by a sampling temperature: probabilities ∝ p^(1/τ).
    public func withTemperature(_ temperature: Double) throws(DistributionError) -> Bernoulli {
        try ParameterCheck(distribution: "bernoulli").positive(temperature, "temperature")
        let logits = [trial.logComplement, trial.logProbability].map { $0 / temperature }
        return try Bernoulli(probability: exp(Special.logSoftmax(logits)[1]))
    }
}
