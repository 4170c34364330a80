import Foundation
import Random

/// A mixture of bivariate Gaussians (`gmm2`), the output distribution of the GNS location and stroke networks:
/// p(x) = Σₖ wₖ N(x; μₖ, σₖ, ρₖ).
public struct BivariateGaussianMixture: Distribution {
    /// The normalised log mixture weights, one per component.
    public let logWeights: [Double]
    /// The components, each a full-covariance bivariate normal.
    public let components: [BivariateNormal]

    /// A mixture from weights (non-negative, summing to 1 within ``weightSumTolerance``) and per-component
    /// means, standard deviations and correlations; throws naming the first bad parameter or length mismatch.
    public init(weights: [Double], means: [SIMD2<Double>], standardDeviations: [SIMD2<Double>],
                correlations: [Double]) throws(DistributionError) {
        try Self.check.weights(weights, "weights")
        try self.init(logits: weights.map { log($0) }, means: means, standardDeviations: standardDeviations,
                      correlations: correlations)
    }

    /// A mixture whose weights are softmax(logits); otherwise as ``init(weights:means:standardDeviations:correlations:)``.
    public init(logits: [Double], means: [SIMD2<Double>], standardDeviations: [SIMD2<Double>],
                correlations: [Double]) throws(DistributionError) {
        let check = Self.check
        logWeights = try Categorical(logits: logits, check: check, argument: "logits").logProbabilities
        try check.length(means.count, logits.count, "means")
        try check.length(standardDeviations.count, logits.count, "standard deviations")
        try check.length(correlations.count, logits.count, "correlations")
        var components: [BivariateNormal] = []
        for k in logits.indices {
            components.append(try BivariateNormal(mean: means[k], standardDeviations: standardDeviations[k],
                                                  correlation: correlations[k], check: check, label: "component \(k) "))
        }
        self.components = components
    }

    private static let check = ParameterCheck(distribution: "gmm2")

    /// The mixture at sampling temperature τ (Ha & Eck 2017, as GNS-Modeling applies it): mixture logits
    /// divided by τ, every variance multiplied by τ (standard deviations by √τ), means and correlations kept.
    public func withTemperature(_ temperature: Double) throws(DistributionError) -> BivariateGaussianMixture {
        try Self.check.positive(temperature, "temperature")
        let widening = temperature.squareRoot()
        return try BivariateGaussianMixture(logits: logWeights.map { $0 / temperature },
                                            means: components.map(\.mean),
                                            standardDeviations: components.map { $0.standardDeviations * widening },
                                            correlations: components.map(\.correlation))
    }

    /// d log p / d(value, logits, and each component's parameters).
    public struct Gradient: Equatable, Sendable {
        /// d log p / d x.
        public var value: SIMD2<Double>
        /// d log p / d logitₖ = rₖ - wₖ, where rₖ is component k's posterior responsibility for x.
        public var logits: [Double]
        /// d log p / d μₖ.
        public var means: [SIMD2<Double>]
        /// d log p / d σₖ.
        public var standardDeviations: [SIMD2<Double>]
        /// d log p / d ρₖ.
        public var correlations: [Double]
    }

    /// Draws a component by weight, then a point from it.
    public func sample<G: RandomNumberGenerator>(using generator: inout G) -> SIMD2<Double> {
        components[generator.nextCategorical(logWeights: logWeights)].sample(using: &generator)
    }

    /// log Σₖ exp(log wₖ + log N(x; component k)).
    public func logDensity(_ x: SIMD2<Double>) -> Double {
        Special.logSumExp(jointLogDensities(x))
    }

    /// Each component's gradient weighted by its responsibility rₖ = wₖ Nₖ(x) / p(x).
    public func logDensityGradient(_ x: SIMD2<Double>) -> Gradient {
        let joint = jointLogDensities(x)
        let total = Special.logSumExp(joint)
        var gradient = Gradient(value: .zero, logits: [], means: [], standardDeviations: [], correlations: [])
        for (k, component) in components.enumerated() {
            let responsibility = exp(joint[k] - total)
            let local = component.logDensityGradient(x)
            gradient.value += responsibility * local.value
            gradient.logits.append(responsibility - exp(logWeights[k]))
            gradient.means.append(responsibility * local.mean)
            gradient.standardDeviations.append(responsibility * local.standardDeviations)
            gradient.correlations.append(responsibility * local.correlation)
        }
        return gradient
    }

    private func jointLogDensities(_ x: SIMD2<Double>) -> [Double] {
        zip(logWeights, components).map { $0 + $1.logDensity(x) }
    }
}
