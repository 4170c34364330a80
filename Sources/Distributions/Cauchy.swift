import Foundation
import Random

/// The Cauchy distribution with location μ and scale σ: density 1 / (πσ (1 + z²)), z = (x - μ)/σ; no mean.
public struct Cauchy: Distribution {
    /// The location μ (the median).
    public let location: Double
    /// The scale σ > 0 (the half-width at half-maximum).
    public let scale: Double

    /// A Cauchy; throws unless μ is finite and σ positive and finite.
    public init(location: Double, scale: Double) throws(DistributionError) {
        let check = ParameterCheck(distribution: "cauchy")
        try check.finite(location, "location")
        try check.positive(scale, "scale")
        self.location = location
        self.scale = scale
    }

    /// d log p / d(value, location, scale).
    public struct Gradient: Equatable, Sendable {
        /// d log p / d x = -2z / (σ (1 + z²)).
        public var value: Double
        /// d log p / d μ = 2z / (σ (1 + z²)).
        public var location: Double
        /// d log p / d σ = (2z² / (1 + z²) - 1) / σ.
        public var scale: Double
    }

    /// Draws μ + σ tan(π (U - ½)) (inversion of the distribution function).
    public func sample<G: RandomNumberGenerator>(using generator: inout G) -> Double {
        location + scale * tan(Double.pi * (generator.nextUniform() - 0.5))
    }

    /// -log π - log σ - log(1 + z²).
    public func logDensity(_ x: Double) -> Double {
        let z = (x - location) / scale
        return -logPi - log(scale) - log1p(z * z)
    }

    /// The analytic gradient (see ``Gradient``).
    public func logDensityGradient(_ x: Double) -> Gradient {
        let z = (x - location) / scale
        let pull = 2 * z / (1 + z * z)
        return Gradient(value: -pull / scale, location: pull / scale, scale: (pull * z - 1) / scale)
    }
}

/// log π, the Cauchy's normalising constant.
let logPi = log(Double.pi)
