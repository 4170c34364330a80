import Foundation
import Random

/// The half-Cauchy distribution on [0, ∞) with scale σ: a Cauchy(0, σ) folded onto the non-negative reals
/// (Gelman's weakly informative prior for a scale).
public struct HalfCauchy: Distribution {
    /// The scale σ > 0.
    public let scale: Double

    /// A half-Cauchy; throws unless σ is positive and finite.
    public init(scale: Double) throws(DistributionError) {
        try ParameterCheck(distribution: "half_cauchy").positive(scale, "scale")
        self.scale = scale
    }

    /// d log p / d(value, scale).
    public struct Gradient: Equatable, Sendable {
        /// d log p / d x = -2z / (σ (1 + z²)) with z = x/σ.
        public var value: Double
        /// d log p / d σ = (2z² / (1 + z²) - 1) / σ.
        public var scale: Double
    }

    /// Draws |σ tan(π (U - ½))|.
    public func sample<G: RandomNumberGenerator>(using generator: inout G) -> Double {
        abs(scale * tan(Double.pi * (generator.nextUniform() - 0.5)))
    }

    /// log 2 - log π - log σ - log(1 + z²) for x ≥ 0, `-infinity` for x < 0.
    public func logDensity(_ x: Double) -> Double {
        guard x >= 0 else { return -.infinity }
        let z = x / scale
        return log(2) - logPi - log(scale) - log1p(z * z)
    }

    /// The analytic gradient (see ``Gradient``); zero for x < 0.
    public func logDensityGradient(_ x: Double) -> Gradient {
        guard x >= 0 else { return Gradient(value: 0, scale: 0) }
        let z = x / scale
        let pull = 2 * z / (1 + z * z)
        return Gradient(value: -pull / scale, scale: (pull * z - 1) / scale)
    }
}
