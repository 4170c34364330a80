import Foundation
import Random

/// The exponential distribution on [0, ∞) with rate λ: density λ e^(-λx), mean 1/λ.
public struct Exponential: Distribution {
    /// The rate λ > 0.
    public let rate: Double

    /// An exponential; throws unless λ is positive and finite.
    public init(rate: Double) throws(DistributionError) {
        try ParameterCheck(distribution: "exponential").positive(rate, "rate")
        self.rate = rate
    }

    /// d log p / d(value, rate).
    public struct Gradient: Equatable, Sendable {
        /// d log p / d x = -λ.
        public var value: Double
        /// d log p / d λ = 1/λ - x.
        public var rate: Double
    }

    /// Draws -log(U)/λ (inversion).
    public func sample<G: RandomNumberGenerator>(using generator: inout G) -> Double {
        -log(generator.nextUniform()) / rate
    }

    /// log λ - λx for x ≥ 0, `-infinity` for x < 0.
    public func logDensity(_ x: Double) -> Double {
        x >= 0 ? log(rate) - rate * x : -.infinity
    }

    /// The analytic gradient (see ``Gradient``); zero for x < 0.
    public func logDensityGradient(_ x: Double) -> Gradient {
        x >= 0 ? Gradient(value: -rate, rate: 1 / rate - x) : Gradient(value: 0, rate: 0)
    }
}
