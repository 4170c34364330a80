import Distributions
import Foundation
import Language
import Neural
import Random

/// A network's mixture of bivariate Gaussians as a `gmm2` distribution value, at a sampling temperature.
///
/// The networks' parameters are constants of the run (no gradient flows into a network from `.gns` code),
/// so only the derivative with respect to the point is provided: enough for MAP over starts and offsets.
struct MixtureDistribution: LanguageDistribution {
    let mixture: BivariateGaussianMixture

    /// `parameters` at `temperature`; throws a `BuiltinError` for a temperature that is not positive.
    init(_ parameters: MixtureParameters, temperature: Double) throws {
        do {
            let base = try BivariateGaussianMixture(parameters)
            mixture = temperature == 1 ? base : try base.withTemperature(temperature)
        } catch {
            throw BuiltinError("\(error)")
        }
    }

    func sample(using generator: inout SeededGenerator) -> Value {
        StrokeValues.value(mixture.sample(using: &generator))
    }

    func logDensity(_ value: Value) throws -> Double {
        mixture.logDensity(try StrokeValues.point(value, "the value", argument: 0))
    }

    func logDensityGradient(_ value: Value) throws -> (value: Partial?, parameters: [Partial]) {
        let gradient = mixture.logDensityGradient(try StrokeValues.point(value, "the value", argument: 0))
        return (.vector([gradient.value.x, gradient.value.y]), [.none, .none, .none, .none, .none])
    }

    /// The distribution value `gmm2(weights, means, scales, correlations, temperature)` of `parameters`.
    static func value(_ parameters: MixtureParameters, temperature: Double) throws -> Value {
        func points(_ ps: [SIMD2<Double>]) -> Value { .list(ps.map(StrokeValues.value)) }
        let shown: [Value] = [.list(parameters.weights.map(Value.number)), points(parameters.means), points(parameters.scales),
                              .list(parameters.correlations.map(Value.number)), .number(temperature)]
        return .distribution(DistributionValue(name: "gmm2", parameters: shown,
                                               family: try MixtureDistribution(parameters, temperature: temperature)))
    }
}

extension BivariateGaussianMixture {
    /// The mixture a network's `parameters` describe; throws if a parameter is out of range.
    ///
    /// Built from log-weights, so a softmax output whose sum is 1 only to single precision is renormalised.
    init(_ parameters: MixtureParameters) throws(DistributionError) {
        try self.init(logits: parameters.weights.map { log(max($0, Double.leastNormalMagnitude)) },
                      means: parameters.means, standardDeviations: parameters.scales, correlations: parameters.correlations)
    }
}
