import Foundation
import Random

/// Student's t distribution with ν degrees of freedom, location μ and scale σ (Stan's `student_t(nu, mu, sigma)`):
/// heavy-tailed, for robust regression; ν = 1 is the Cauchy, ν → ∞ the normal.
public struct StudentT: Distribution {
    /// The degrees of freedom ν > 0.
    public let degreesOfFreedom: Double
    /// The location μ (the median, and the mean when ν > 1).
    public let location: Double
    /// The scale σ > 0.
    public let scale: Double

    /// A t distribution; throws unless ν and σ are positive and finite and μ is finite.
    public init(degreesOfFreedom: Double, location: Double, scale: Double) throws(DistributionError) {
        let check = ParameterCheck(distribution: "student_t")
        try check.positive(degreesOfFreedom, "degrees of freedom")
        try check.finite(location, "location")
        try check.positive(scale, "scale")
        self.degreesOfFreedom = degreesOfFreedom
        self.location = location
        self.scale = scale
    }

    /// d log p / d(value, degrees of freedom, location, scale).
    public struct Gradient: Equatable, Sendable {
        /// d log p / d x = -(ν+1) z / (σ (ν + z²)) with z = (x - μ)/σ.
        public var value: Double
        /// d log p / d ν = ½ψ((ν+1)/2) - ½ψ(ν/2) - 1/(2ν) - ½ log(1 + z²/ν) + (ν+1) z² / (2ν (ν + z²)).
        public var degreesOfFreedom: Double
        /// d log p / d μ = (ν+1) z / (σ (ν + z²)).
        public var location: Double
        /// d log p / d σ = ((ν+1) z² / (ν + z²) - 1) / σ.
        public var scale: Double
    }

    /// Draws μ + σ Z / √(V/ν) with Z standard normal and V ~ χ²(ν) = Gamma(ν/2, scale 2).
    public func sample<G: RandomNumberGenerator>(using generator: inout G) -> Double {
        let z = generator.nextNormal()
        let chiSquare = generator.nextGamma(shape: degreesOfFreedom / 2, scale: 2)
        return location + scale * z / (chiSquare / degreesOfFreedom).squareRoot()
    }

    /// log Γ((ν+1)/2) - log Γ(ν/2) - ½ log(νπ) - log σ - (ν+1)/2 · log(1 + z²/ν).
    public func logDensity(_ x: Double) -> Double {
        let z = (x - location) / scale, nu = degreesOfFreedom
        return Special.logGamma((nu + 1) / 2) - Special.logGamma(nu / 2) - 0.5 * log(nu * Double.pi) - log(scale)
            - (nu + 1) / 2 * log1p(z * z / nu)
    }

    /// The analytic gradient (see ``Gradient``).
    public func logDensityGradient(_ x: Double) -> Gradient {
        let z = (x - location) / scale, nu = degreesOfFreedom
        let pull = (nu + 1) * z / (nu + z * z)  // -d/dz of the log-kernel
        return Gradient(value: -pull / scale,
                        degreesOfFreedom: 0.5 * (Special.digamma((nu + 1) / 2) - Special.digamma(nu / 2) - 1 / nu
                            - log1p(z * z / nu) + pull * z / nu),
                        location: pull / scale,
                        scale: (pull * z - 1) / scale)
    }
}
