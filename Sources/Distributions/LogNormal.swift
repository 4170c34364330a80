import Foundation
import Random

/// The log-normal distribution: x = exp(y) with y ~ N(μ, σ²), so μ and σ are the mean and standard deviation of
/// log x (as Stan, Pyro and Gen parameterise it).
public struct LogNormal: Distribution {
    /// The mean μ of log x.
    public let logMean: Double
    /// The standard deviation σ > 0 of log x.
    public let logStandardDeviation: Double

    /// A log-normal; throws unless μ is finite and σ positive and finite.
    public init(logMean: Double, logStandardDeviation: Double) throws(DistributionError) {
        let check = ParameterCheck(distribution: "lognormal")
        try check.finite(logMean, "log mean")
        try check.positive(logStandardDeviation, "log standard deviation")
        self.logMean = logMean
        self.logStandardDeviation = logStandardDeviation
    }

    /// d log p / d(value, log mean, log standard deviation).
    public struct Gradient: Equatable, Sendable {
        /// d log p / d x = -(1 + z/σ) / x with z = (log x - μ)/σ.
        public var value: Double
        /// d log p / d μ = z/σ.
        public var logMean: Double
        /// d log p / d σ = (z² - 1)/σ.
        public var logStandardDeviation: Double
    }

    /// Draws exp(μ + σ Z).
    public func sample<G: RandomNumberGenerator>(using generator: inout G) -> Double {
        exp(logMean + logStandardDeviation * generator.nextNormal())
    }

    /// -log x - ½ z² - log σ - ½ log 2π for x > 0, `-infinity` for x ≤ 0.
    public func logDensity(_ x: Double) -> Double {
        guard x > 0 else { return -.infinity }
        let logX = log(x)
        let z = (logX - logMean) / logStandardDeviation
        return -logX - 0.5 * z * z - log(logStandardDeviation) - halfLogTwoPi
    }

    /// The analytic gradient (see ``Gradient``); zero for x ≤ 0.
    public func logDensityGradient(_ x: Double) -> Gradient {
        guard x > 0 else { return Gradient(value: 0, logMean: 0, logStandardDeviation: 0) }
        let sigma = logStandardDeviation
        let z = (log(x) - logMean) / sigma
        return Gradient(value: -(1 + z / sigma) / x, logMean: z / sigma, logStandardDeviation: (z * z - 1) / sigma)
    }
}
