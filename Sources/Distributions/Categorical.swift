import Foundation
import Random

/// A categorical distribution over the indices 0..<k, given probabilities or logits.
public struct Categorical: Distribution {
    /// The normalised log-probabilities, one per category.
    public let logProbabilities: [Double]

    /// A categorical with the given probabilities; throws unless they are non-negative and sum to 1
    /// within ``weightSumTolerance``.
    public init(probabilities: [Double]) throws(DistributionError) {
        try ParameterCheck(distribution: "categorical").weights(probabilities, "probabilities")
        let total = probabilities.reduce(0, +)
        logProbabilities = probabilities.map { log($0 / total) }
    }

    /// A categorical with probabilities softmax(logits); throws unless the logits are non-empty, none is NaN
    /// or +infinity, and at least one is finite (a logit of -infinity is a category of probability 0).
    public init(logits: [Double]) throws(DistributionError) {
        try self.init(logits: logits, check: ParameterCheck(distribution: "categorical"), argument: "logits")
    }

    /// Normalises `logits` after validating them under `argument` (a mixture reuses this for its weights).
    init(logits: [Double], check: ParameterCheck, argument: String) throws(DistributionError) {
        try check.nonEmpty(logits.count, argument)
        for (index, logit) in logits.enumerated() where logit.isNaN || logit == .infinity {
            throw check.invalid("\(argument)[\(index)]", logit, "must be a number below +infinity")
        }
        guard logits.contains(where: \.isFinite) else { throw check.invalid(argument, logits, "must contain a finite entry") }
        logProbabilities = Special.logSoftmax(logits)
    }

    /// The probabilities, one per category.
    public var probabilities: [Double] { logProbabilities.map(exp) }

    /// d log p / d(probabilities), treating each probability as a free parameter, and d log p / d(logits).
    public struct Gradient: Equatable, Sendable {
        /// d log p(k) / d pⱼ = 1/pₖ if j = k, else 0.
        public var probabilities: [Double]
        /// d log p(k) / d ηⱼ = [j = k] - pⱼ for probabilities softmax(η).
        public var logits: [Double]
    }

    /// Draws an index with probability pₖ.
    public func sample<G: RandomNumberGenerator>(using generator: inout G) -> Int {
        generator.nextCategorical(logWeights: logProbabilities)
    }

    /// log pₖ, or `-infinity` for an index outside 0..<k.
    public func logDensity(_ k: Int) -> Double {
        logProbabilities.indices.contains(k) ? logProbabilities[k] : -.infinity
    }

    /// The one-hot vector with 1/pₖ at k, and one-hot minus the probabilities (both zero everywhere for an index
    /// outside the support).
    public func logDensityGradient(_ k: Int) -> Gradient {
        var gradient = [Double](repeating: 0, count: logProbabilities.count)
        guard gradient.indices.contains(k) else { return Gradient(probabilities: gradient, logits: gradient) }
        gradient[k] = exp(-logProbabilities[k])
        var logits = logProbabilities.map { -exp($0) }
        logits[k] += 1
        return Gradient(probabilities: gradient, logits: logits)
    }

    /// The categorical at sampling temperature τ: probabilities ∝ p^(1/τ) (Ha & Eck's softmax temperature).
    public func withTemperature(_ temperature: Double) throws(DistributionError) -> Categorical {
        try ParameterCheck(distribution: "categorical").positive(temperature, "temperature")
        return try Categorical(logits: logProbabilities.map { $0 / temperature })
    }
}
