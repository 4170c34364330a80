import Foundation
import Random

/// The continuous uniform distribution on the closed interval [low, high].
public struct Uniform: Distribution {
    /// The lower end of the support.
    public let low: Double
    /// The upper end of the support, greater than `low`.
    public let high: Double

    /// A uniform on [low, high]; throws unless both ends are finite and low < high.
    public init(low: Double, high: Double) throws(DistributionError) {
        let check = ParameterCheck(distribution: "uniform")
        try check.finite(low, "low")
        try check.finite(high, "high")
        guard low < high else { throw check.invalid("high", high, "must exceed low = \(low)") }
        self.low = low
        self.high = high
    }

    /// d log p / d(value, low, high) inside the support.
    public struct Gradient: Equatable, Sendable {
        /// d log p / d x (zero: the density is flat).
        public var value: Double
        /// d log p / d low = 1/(high - low).
        public var low: Double
        /// d log p / d high = -1/(high - low).
        public var high: Double
    }

    /// Draws uniformly from [low, high].
    public func sample<G: RandomNumberGenerator>(using generator: inout G) -> Double {
        low + (high - low) * generator.nextUniform()
    }

    /// -log(high - low) on the support, `-infinity` outside.
    public func logDensity(_ x: Double) -> Double {
        (low...high).contains(x) ? -log(high - low) : -.infinity
    }

    /// The gradient of -log(high - low); outside the support every entry is zero.
    public func logDensityGradient(_ x: Double) -> Gradient {
        guard (low...high).contains(x) else { return Gradient(value: 0, low: 0, high: 0) }
        let width = high - low
        return Gradient(value: 0, low: 1 / width, high: -1 / width)
    }
}
