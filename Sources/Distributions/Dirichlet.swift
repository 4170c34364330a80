import Foundation
import Random

/// The Dirichlet distribution Dir(α) over probability vectors (the simplex).
public struct Dirichlet: Distribution {
    /// The concentrations αᵢ > 0, at least two.
    public let concentrations: [Double]

    /// A Dirichlet; throws unless there are at least two concentrations, all positive and finite.
    public init(concentrations: [Double]) throws(DistributionError) {
        let check = ParameterCheck(distribution: "dirichlet")
        guard concentrations.count >= 2 else {
            throw check.invalid("concentrations", concentrations, "must have at least two entries")
        }
        try check.positive(concentrations, "concentrations")
        self.concentrations = concentrations
    }

    /// d log p / d(value, concentrations), with the value's gradient in ambient coordinates.
    public struct Gradient: Equatable, Sendable {
        /// d log p / d xᵢ = (αᵢ-1)/xᵢ.
        public var value: [Double]
        /// d log p / d αᵢ = log xᵢ + ψ(Σα) - ψ(αᵢ).
        public var concentrations: [Double]
    }

    /// Draws normalised independent gamma variates.
    public func sample<G: RandomNumberGenerator>(using generator: inout G) -> [Double] {
        let draws = concentrations.map { generator.nextGamma(shape: $0, scale: 1) }
        let total = draws.reduce(0, +)
        return draws.map { $0 / total }
    }

    /// Σ(αᵢ-1) log xᵢ + log Γ(Σα) - Σ log Γ(αᵢ) on the simplex (entries ≥ 0 summing to 1 within
    /// ``weightSumTolerance``), `-infinity` off it; throws if `x` has the wrong length.
    public func logDensity(_ x: [Double]) throws(DistributionError) -> Double {
        try checkLength(x)
        guard isOnSimplex(x) else { return -.infinity }
        var total = Special.logGamma(concentrations.reduce(0, +))
        for (alpha, xi) in zip(concentrations, x) {
            total += Special.xLogY(alpha - 1, xi) - Special.logGamma(alpha)
        }
        return total
    }

    /// The analytic gradient (see ``Gradient``); zero off the simplex.
    public func logDensityGradient(_ x: [Double]) throws(DistributionError) -> Gradient {
        try checkLength(x)
        guard isOnSimplex(x) else {
            let zeros = [Double](repeating: 0, count: x.count)
            return Gradient(value: zeros, concentrations: zeros)
        }
        let digammaSum = Special.digamma(concentrations.reduce(0, +))
        return Gradient(value: zip(concentrations, x).map { ($0 - 1) / $1 },
                        concentrations: zip(concentrations, x).map { log($1) + digammaSum - Special.digamma($0) })
    }

    private func isOnSimplex(_ x: [Double]) -> Bool {
        x.allSatisfy { $0 >= 0 } && abs(x.reduce(0, +) - 1) <= weightSumTolerance
    }

    private func checkLength(_ x: [Double]) throws(DistributionError) {
        try ParameterCheck(distribution: "dirichlet").length(x.count, concentrations.count, "value")
    }
}
