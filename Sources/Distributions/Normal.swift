import Foundation
import Random

/// The univariate normal distribution N(mean, standardDeviation²) over real numbers.
public struct Normal: Distribution {
    /// The mean μ.
    public let mean: Double
    /// The standard deviation σ > 0.
    public let standardDeviation: Double

    /// A normal with mean μ and standard deviation σ; throws unless μ is finite and σ positive and finite.
    public init(mean: Double, standardDeviation: Double) throws(DistributionError) {
        let check = ParameterCheck(distribution: "normal")
        try check.finite(mean, "mean")
        try check.positive(standardDeviation, "standard deviation")
        self.mean = mean
        self.standardDeviation = standardDeviation
    }

    /// d log p / d(value, mean, standardDeviation).
    public struct Gradient: Equatable, Sendable {
        /// d log p / d x.
        public var value: Double
        /// d log p / d μ.
        public var mean: Double
        /// d log p / d σ.
        public var standardDeviation: Double
    }

    /// Draws μ + σ·z with z standard normal.
    public func sample<G: RandomNumberGenerator>(using generator: inout G) -> Double {
        mean + standardDeviation * generator.nextNormal()
    }

    /// log p(x) = -½ z² - log σ - ½ log 2π with z = (x - μ)/σ.
    public func logDensity(_ x: Double) -> Double {
        let z = (x - mean) / standardDeviation
        return -0.5 * z * z - log(standardDeviation) - halfLogTwoPi
    }

    /// d/dx = -z/σ, d/dμ = z/σ, d/dσ = (z² - 1)/σ.
    public func logDensityGradient(_ x: Double) -> Gradient {
        let z = (x - mean) / standardDeviation
        return Gradient(value: -z / standardDeviation, mean: z / standardDeviation,
                        standardDeviation: (z * z - 1) / standardDeviation)
    }
}

/// ½ log 2π, the normal's normalising constant per dimension.
let halfLogTwoPi = 0.5 * log(2 * Double.pi)
