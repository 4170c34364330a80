import Foundation
import Random

/// The Bernoulli distribution: `true` with probability p.
public struct Bernoulli: Distribution {
    /// The probability of `true`, in [0, 1].
    public let probability: Double

    /// A Bernoulli with success probability p; throws unless p ∈ [0, 1].
    public init(probability: Double) throws(DistributionError) {
        try ParameterCheck(distribution: "bernoulli").probability(probability, "probability")
        self.probability = probability
    }

    /// d log p / d(probability); the value is discrete and has no gradient.
    public struct Gradient: Equatable, Sendable {
        /// d log p / d p: 1/p for `true`, -1/(1-p) for `false`.
        public var probability: Double
    }

    /// Draws `true` with probability p.
    public func sample<G: RandomNumberGenerator>(using generator: inout G) -> Bool {
        generator.nextBernoulli(probability: probability)
    }

    /// log p for `true`, log(1-p) for `false`.
    public func logDensity(_ x: Bool) -> Double {
        x ? log(probability) : log1p(-probability)
    }

    /// 1/p for `true`, -1/(1-p) for `false`.
    public func logDensityGradient(_ x: Bool) -> Gradient {
        Gradient(probability: x ? 1 / probability : -1 / (1 - probability))
    }

    /// The Bernoulli sharpened (τ < 1) or flattened (τ > 1) by a sampling temperature: probabilities ∝ p^(1/τ).
    public func withTemperature(_ temperature: Double) throws(DistributionError) -> Bernoulli {
        try ParameterCheck(distribution: "bernoulli").positive(temperature, "temperature")
        let logits = [log1p(-probability), log(probability)].map { $0 / temperature }
        return try Bernoulli(probability: exp(Special.logSoftmax(logits)[1]))
    }
}
