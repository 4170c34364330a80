import Foundation
import Random

/// The beta distribution Beta(α, β) on [0, 1].
public struct Beta: Distribution {
    /// The first shape parameter α > 0.
    public let alpha: Double
    /// The second shape parameter β > 0.
    public let beta: Double

    /// A beta distribution; throws unless both shapes are positive and finite.
    public init(alpha: Double, beta: Double) throws(DistributionError) {
        let check = ParameterCheck(distribution: "beta")
        try check.positive(alpha, "alpha")
        try check.positive(beta, "beta")
        self.alpha = alpha
        self.beta = beta
    }

    /// d log p / d(value, alpha, beta).
    public struct Gradient: Equatable, Sendable {
        /// d log p / d x = (α-1)/x - (β-1)/(1-x).
        public var value: Double
        /// d log p / d α = log x - ψ(α) + ψ(α+β).
        public var alpha: Double
        /// d log p / d β = log(1-x) - ψ(β) + ψ(α+β).
        public var beta: Double
    }

    /// Draws through two gamma variates.
    public func sample<G: RandomNumberGenerator>(using generator: inout G) -> Double {
        generator.nextBeta(alpha, beta)
    }

    /// (α-1) log x + (β-1) log(1-x) - log B(α, β) on [0, 1], `-infinity` outside.
    public func logDensity(_ x: Double) -> Double {
        guard x >= 0, x <= 1 else { return -.infinity }
        return Special.xLogY(alpha - 1, x) + Special.xLogY(beta - 1, 1 - x) - logBetaFunction
    }

    /// The analytic gradient (see ``Gradient``); zero outside the support.
    public func logDensityGradient(_ x: Double) -> Gradient {
        guard x >= 0, x <= 1 else { return Gradient(value: 0, alpha: 0, beta: 0) }
        let digammaSum = Special.digamma(alpha + beta)
        return Gradient(value: (alpha - 1) / x - (beta - 1) / (1 - x),
                        alpha: log(x) - Special.digamma(alpha) + digammaSum,
                        beta: log1p(-x) - Special.digamma(beta) + digammaSum)
    }

    private var logBetaFunction: Double {
        Special.logGamma(alpha) + Special.logGamma(beta) - Special.logGamma(alpha + beta)
    }
}
