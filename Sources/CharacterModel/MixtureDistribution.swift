import Distributions
import Foundation
import Language
import Neural
import Random
import Tensors

/// A network's mixture of bivariate Gaussians as a `gmm2` distribution value, at a sampling temperature.
///
/// The networks' weights are constants of the run (no gradient flows into a network from `.gns` code). The
/// network's *inputs* may be tape-tracked (gradient mode: a start or offset that inference moves); then the
/// value also carries the network's raw output row, tracked, and the log-density's partial derivatives with
/// respect to that row, so the gradient flows back through the network to those inputs.
struct MixtureDistribution: LanguageDistribution {
    let mixture: BivariateGaussianMixture
    /// How the mixture was read from a tracked network output, when it was.
    let source: NetworkOutput?

    /// A mixture read by `head` from a network output row, then scaled to motor space and tempered.
    struct NetworkOutput {
        /// The raw row (`6k` values: logits, interleaved means, interleaved log-scales, correlation pre-activations).
        let raw: [Float]
        let head: MixtureDensityHead
        let temperature: Double
    }

    /// `parameters` at `temperature`; throws a `BuiltinError` for a temperature that is not positive.
    init(_ parameters: MixtureParameters, temperature: Double, source: NetworkOutput? = nil) throws {
        do {
            let base = try BivariateGaussianMixture(parameters)
            mixture = temperature == 1 ? base : try base.withTemperature(temperature)
        } catch {
            throw BuiltinError("\(error)")
        }
        self.source = source
    }

    func sample(using generator: inout SeededGenerator) -> Value {
        StrokeValues.value(mixture.sample(using: &generator))
    }

    func logDensity(_ value: Value) throws -> Double {
        mixture.logDensity(try StrokeValues.point(value, "the value", argument: 0))
    }

    func logDensityGradient(_ value: Value) throws -> (value: Partial?, parameters: [Partial]) {
        let gradient = mixture.logDensityGradient(try StrokeValues.point(value, "the value", argument: 0))
        let shown = [Partial](repeating: .none, count: 5)
        guard let source else { return (.vector([gradient.value.x, gradient.value.y]), shown) }
        return (.vector([gradient.value.x, gradient.value.y]), shown + [.tensor(source.rawPartials(gradient))])
    }

    /// The distribution value `gmm2(weights, means, scales, correlations, temperature)` of `parameters`; with a
    /// tracked network output `raw` (and its `head`), the row is kept as a last parameter for gradients.
    static func value(_ parameters: MixtureParameters, temperature: Double,
                      tracked raw: Tensor? = nil, head: MixtureDensityHead? = nil) throws -> Value {
        func points(_ ps: [SIMD2<Double>]) -> Value { .list(ps.map(StrokeValues.value)) }
        var shown: [Value] = [.list(parameters.weights.map(Value.number)), points(parameters.means), points(parameters.scales),
                              .list(parameters.correlations.map(Value.number)), .number(temperature)]
        var source: NetworkOutput?
        if let raw, let head {
            shown.append(.tensor(raw))
            source = NetworkOutput(raw: raw.scalars, head: head, temperature: temperature)
        }
        return .distribution(DistributionValue(name: "gmm2", parameters: shown,
                                               family: try MixtureDistribution(parameters, temperature: temperature, source: source)))
    }
}

extension MixtureDistribution.NetworkOutput {
    /// d log p / d raw, from d log p with respect to the motor-space, tempered mixture (`gradient`).
    ///
    /// The head reads component k as: weight softmax(logit), mean m, scale s' = sqrt(exp(2a) + α) per axis and
    /// correlation ρ' = tanh(c) s₁s₂ / (s₁'s₂'); motor space multiplies means and scales by `NetworkSpace.scale`
    /// (and shifts start means, which does not change a derivative); temperature T divides logits by T and
    /// multiplies scales by √T. So d/dlogit = g_logit / T, d/dm = g_μ · scale, d/dc = g_ρ (1 - tanh²c) s₁s₂/(s₁'s₂'),
    /// and d/da_i = g_σi · scale √T · s_i²/s_i' + g_ρ ρ' (1 - s_i²/s_i'²).
    func rawPartials(_ gradient: BivariateGaussianMixture.Gradient) -> [Float] {
        let k = head.components, alpha = head.regularization
        let widening = NetworkSpace.scale * temperature.squareRoot()
        var partials = [Float](repeating: 0, count: head.width)
        for j in 0..<k {
            partials[j] = Float(gradient.logits[j] / temperature)
            let mean = gradient.means[j] * NetworkSpace.scale
            partials[k + 2 * j] = Float(mean.x)
            partials[k + 2 * j + 1] = Float(mean.y)
            let s = SIMD2(exp(Double(raw[3 * k + 2 * j])), exp(Double(raw[3 * k + 2 * j + 1])))
            let regularised = (s * s + alpha).squareRoot()
            let squash = tanh(Double(raw[5 * k + j]))
            let ratio = s.x * s.y / (regularised.x * regularised.y)
            let correlation = squash * ratio, gCorrelation = gradient.correlations[j]
            let logScales = gradient.standardDeviations[j] * widening * s * s / regularised
                + gCorrelation * correlation * (1 - s * s / (regularised * regularised))
            partials[3 * k + 2 * j] = Float(logScales.x)
            partials[3 * k + 2 * j + 1] = Float(logScales.y)
            partials[5 * k + j] = Float(gCorrelation * (1 - squash * squash) * ratio)
        }
        return partials
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
