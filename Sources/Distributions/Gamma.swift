import Foundation
import Random

/// The gamma distribution in the shape/scale parameterisation (as Gen.jl): density
/// x^(k-1) e^(-x/θ) / (Γ(k) θ^k), mean kθ. Use ``init(shape:rate:)`` for the shape/rate form (rate = 1/θ).
public struct Gamma: Distribution {
    /// The shape k > 0.
    public let shape: Double
    /// The scale θ > 0.
    public let scale: Double

    /// A gamma with shape k and scale θ; throws unless both are positive and finite.
    public init(shape: Double, scale: Double) throws(DistributionError) {
        let check = ParameterCheck(distribution: "gamma")
        try check.positive(shape, "shape")
        try check.positive(scale, "scale")
        self.shape = shape
        self.scale = scale
    }

    /// A gamma with shape k and rate β (scale 1/β); throws unless both are positive and finite.
    public init(shape: Double, rate: Double) throws(DistributionError) {
        try ParameterCheck(distribution: "gamma").positive(rate, "rate")
        try self.init(shape: shape, scale: 1 / rate)
    }

    /// d log p / d(value, shape, scale).
    public struct Gradient: Equatable, Sendable {
        /// d log p / d x = (k-1)/x - 1/θ.
        public var value: Double
        /// d log p / d k = log x - ψ(k) - log θ.
        public var shape: Double
        /// d log p / d θ = x/θ² - k/θ.
        public var scale: Double
    }

    /// Draws a gamma variate.
    public func sample<G: RandomNumberGenerator>(using generator: inout G) -> Double {
        generator.nextGamma(shape: shape, scale: scale)
    }

    /// (k-1) log x - x/θ - log Γ(k) - k log θ for x ≥ 0, `-infinity` for x < 0.
    public func logDensity(_ x: Double) -> Double {
        guard x >= 0 else { return -.infinity }
        return Special.xLogY(shape - 1, x) - x / scale - Special.logGamma(shape) - shape * log(scale)
    }

    /// The analytic gradient (see ``Gradient``); zero for x < 0.
    public func logDensityGradient(_ x: Double) -> Gradient {
        guard x >= 0 else { return Gradient(value: 0, shape: 0, scale: 0) }
        return Gradient(value: (shape - 1) / x - 1 / scale,
                        shape: log(x) - Special.digamma(shape) - log(scale),
                        scale: x / (scale * scale) - shape / scale)
    }
}
