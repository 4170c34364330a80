import Foundation
import Random

/// The Poisson distribution with rate λ over the counts 0, 1, 2, ...
public struct Poisson: Distribution {
    /// The rate (and mean) λ > 0.
    public let rate: Double

    /// A Poisson with rate λ; throws unless λ is positive and finite.
    public init(rate: Double) throws(DistributionError) {
        try ParameterCheck(distribution: "poisson").positive(rate, "rate")
        self.rate = rate
    }

    /// d log p / d(rate); the count has no gradient.
    public struct Gradient: Equatable, Sendable {
        /// d log p / d λ = k/λ - 1.
        public var rate: Double
    }

    /// Draws a count.
    public func sample<G: RandomNumberGenerator>(using generator: inout G) -> Int {
        generator.nextPoisson(mean: rate)
    }

    /// k log λ - λ - log k!, `-infinity` for negative k.
    public func logDensity(_ k: Int) -> Double {
        guard k >= 0 else { return -.infinity }
        return Special.xLogY(Double(k), rate) - rate - Special.logGamma(Double(k) + 1)
    }

    /// k/λ - 1 (zero for negative k).
    public func logDensityGradient(_ k: Int) -> Gradient {
        Gradient(rate: k >= 0 ? Double(k) / rate - 1 : 0)
    }
}
