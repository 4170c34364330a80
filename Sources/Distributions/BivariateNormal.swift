import Foundation
import Random

/// A bivariate normal with full 2x2 covariance, parameterised by two standard deviations and a correlation:
/// Σ = [[σ₁², ρσ₁σ₂], [ρσ₁σ₂, σ₂²]].
public struct BivariateNormal: Distribution {
    /// The mean (μ₁, μ₂).
    public let mean: SIMD2<Double>
    /// The standard deviations (σ₁, σ₂), both positive.
    public let standardDeviations: SIMD2<Double>
    /// The correlation ρ, strictly between -1 and 1.
    public let correlation: Double

    /// A bivariate normal; throws unless the mean is finite, σ positive and |ρ| < 1.
    public init(mean: SIMD2<Double>, standardDeviations: SIMD2<Double>, correlation: Double) throws(DistributionError) {
        try self.init(mean: mean, standardDeviations: standardDeviations, correlation: correlation,
                      check: ParameterCheck(distribution: "mvnormal"), label: "")
    }

    /// Validates with `check`, prefixing parameter names with `label` (a mixture names its components).
    init(mean: SIMD2<Double>, standardDeviations: SIMD2<Double>, correlation: Double,
         check: ParameterCheck, label: String) throws(DistributionError) {
        try check.finite(mean.x, "\(label)mean[0]")
        try check.finite(mean.y, "\(label)mean[1]")
        try check.positive(standardDeviations.x, "\(label)standard deviation[0]")
        try check.positive(standardDeviations.y, "\(label)standard deviation[1]")
        try check.correlation(correlation, "\(label)correlation")
        self.mean = mean
        self.standardDeviations = standardDeviations
        self.correlation = correlation
    }

    /// d log p / d(value, mean, standardDeviations, correlation).
    public struct Gradient: Equatable, Sendable {
        /// d log p / d x.
        public var value: SIMD2<Double>
        /// d log p / d μ.
        public var mean: SIMD2<Double>
        /// d log p / d σ.
        public var standardDeviations: SIMD2<Double>
        /// d log p / d ρ.
        public var correlation: Double
    }

    /// Draws through the Cholesky factor: x₁ = μ₁ + σ₁z₁, x₂ = μ₂ + σ₂(ρz₁ + √(1-ρ²) z₂).
    public func sample<G: RandomNumberGenerator>(using generator: inout G) -> SIMD2<Double> {
        let z1 = generator.nextNormal()
        let z2 = generator.nextNormal()
        let coupled = correlation * z1 + (1 - correlation * correlation).squareRoot() * z2
        return mean + standardDeviations * SIMD2(z1, coupled)
    }

    /// log p = -log 2π - log σ₁σ₂ - ½ log(1-ρ²) - q/2, q = (z₁² - 2ρz₁z₂ + z₂²)/(1-ρ²).
    public func logDensity(_ x: SIMD2<Double>) -> Double {
        let z = (x - mean) / standardDeviations
        let oneMinusRhoSquared = 1 - correlation * correlation
        let quadratic = (z.x * z.x - 2 * correlation * z.x * z.y + z.y * z.y) / oneMinusRhoSquared
        return -2 * halfLogTwoPi - log(standardDeviations.x * standardDeviations.y)
            - 0.5 * log(oneMinusRhoSquared) - 0.5 * quadratic
    }

    /// With s = 1-ρ² and u = (z₁-ρz₂, z₂-ρz₁)/s: d/dx = -u/σ, d/dμ = u/σ, d/dσ = (u·z - 1)/σ
    /// and d/dρ = ρ/s + z₁z₂/s - ρ(z₁² - 2ρz₁z₂ + z₂²)/s².
    public func logDensityGradient(_ x: SIMD2<Double>) -> Gradient {
        let z = (x - mean) / standardDeviations
        let rho = correlation
        let s = 1 - rho * rho
        let u = SIMD2(z.x - rho * z.y, z.y - rho * z.x) / s
        let numerator = z.x * z.x - 2 * rho * z.x * z.y + z.y * z.y
        return Gradient(
            value: -u / standardDeviations,
            mean: u / standardDeviations,
            standardDeviations: (u * z - 1) / standardDeviations,
            correlation: rho / s + z.x * z.y / s - rho * numerator / (s * s))
    }
}
