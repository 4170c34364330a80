import Foundation
import Random

/// A multivariate normal with diagonal covariance: independent normals, one per coordinate.
public struct DiagonalNormal: Distribution {
    /// The mean vector μ.
    public let means: [Double]
    /// The per-coordinate standard deviations σᵢ > 0.
    public let standardDeviations: [Double]

    /// A diagonal normal; throws unless both vectors are non-empty, equally long, μ finite and σ positive.
    public init(means: [Double], standardDeviations: [Double]) throws(DistributionError) {
        let check = ParameterCheck(distribution: "mvnormal")
        try check.nonEmpty(means.count, "means")
        try check.length(standardDeviations.count, means.count, "standard deviations")
        try check.finite(means, "means")
        try check.positive(standardDeviations, "standard deviations")
        self.means = means
        self.standardDeviations = standardDeviations
    }

    /// The number of coordinates.
    public var dimension: Int { means.count }

    /// d log p / d(value, means, standardDeviations), one entry per coordinate.
    public struct Gradient: Equatable, Sendable {
        /// d log p / d xᵢ.
        public var value: [Double]
        /// d log p / d μᵢ.
        public var means: [Double]
        /// d log p / d σᵢ.
        public var standardDeviations: [Double]
    }

    /// Draws each coordinate independently.
    public func sample<G: RandomNumberGenerator>(using generator: inout G) -> [Double] {
        (0..<dimension).map { means[$0] + standardDeviations[$0] * generator.nextNormal() }
    }

    /// The sum of the coordinates' normal log-densities; throws if `x` has the wrong length.
    public func logDensity(_ x: [Double]) throws(DistributionError) -> Double {
        try checkLength(x)
        var total = 0.0
        for i in 0..<dimension {
            let z = (x[i] - means[i]) / standardDeviations[i]
            total += -0.5 * z * z - log(standardDeviations[i]) - halfLogTwoPi
        }
        return total
    }

    /// Per coordinate: d/dxᵢ = -zᵢ/σᵢ, d/dμᵢ = zᵢ/σᵢ, d/dσᵢ = (zᵢ² - 1)/σᵢ.
    public func logDensityGradient(_ x: [Double]) throws(DistributionError) -> Gradient {
        try checkLength(x)
        var gradient = Gradient(value: [], means: [], standardDeviations: [])
        for i in 0..<dimension {
            let z = (x[i] - means[i]) / standardDeviations[i]
            gradient.value.append(-z / standardDeviations[i])
            gradient.means.append(z / standardDeviations[i])
            gradient.standardDeviations.append((z * z - 1) / standardDeviations[i])
        }
        return gradient
    }

    private func checkLength(_ x: [Double]) throws(DistributionError) {
        try ParameterCheck(distribution: "mvnormal").length(x.count, dimension, "value")
    }
}
