import Foundation
import Random

/// The half-normal distribution on [0, ∞) with scale σ: |y| for y ~ N(0, σ²).
public struct HalfNormal: Distribution {
    /// The scale σ > 0 (the standard deviation of the normal that is folded).
    public let scale: Double

    /// A half-normal; throws unless σ is positive and finite.
    public init(scale: Double) throws(DistributionError) {
        try ParameterCheck(distribution: "half_normal").positive(scale, "scale")
        self.scale = scale
    }

    /// d log p / d(value, scale).
    public struct Gradient: Equatable, Sendable {
        /// d log p / d x = -x/σ².
        public var value: Double
        /// d log p / d σ = (z² - 1)/σ with z = x/σ.
        public var scale: Double
    }

    /// Draws |σ Z|.
    public func sample<G: RandomNumberGenerator>(using generator: inout G) -> Double {
        abs(scale * generator.nextNormal())
    }

    /// log 2 - ½ z² - log σ - ½ log 2π for x ≥ 0, `-infinity` for x < 0.
    public func logDensity(_ x: Double) -> Double {
        guard x >= 0 else { return -.infinity }
        let z = x / scale
        return log(2) - 0.5 * z * z - log(scale) - halfLogTwoPi
    }

    /// The analytic gradient (see ``Gradient``); zero for x < 0.
    public func logDensityGradient(_ x: Double) -> Gradient {
        guard x >= 0 else { return Gradient(value: 0, scale: 0) }
        let z = x / scale
        return Gradient(value: -z / scale, scale: (z * z - 1) / scale)
    }
}
