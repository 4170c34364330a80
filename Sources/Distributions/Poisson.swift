import Foundation
import Random

/// The Poisson distribution with rate λ over the counts 0, 1, 2, ...
public struct Poisson: Distribution {
    /// The rate (and mean) λ > 0.
    public let rate: Double

    /// The largest rate accepted, 10^15: a draw then stays within 2^53, so every count is an exact `Double`
    /// (the language's numbers) and an `Int`; larger rates would overflow the sampler's integer count.
    public static let maximumRate = 1e15

    /// A Poisson with rate λ; throws unless 0 < λ <= ``maximumRate``.
    public init(rate: Double) throws(DistributionError) {
        let check = ParameterCheck(distribution: "poisson")
        try check.positive(rate, "rate")
        guard rate <= Self.maximumRate else { throw check.invalid("rate", rate, "must be at most 1e15") }
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
