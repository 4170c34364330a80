import Foundation
import Tensors

/// A mixture of bivariate Gaussians with full covariance, as one network output row describes it.
///
/// Only the parameters: the density is `Distributions.BivariateGaussianMixture`'s, which the character
/// model builds from these (this layer does not depend on the distributions).
public struct MixtureParameters: Sendable, Equatable {
    /// Component weights (sum to 1).
    public var weights: [Double]
    /// Component means.
    public var means: [SIMD2<Double>]
    /// Component standard deviations per axis (already variance-regularised).
    public var scales: [SIMD2<Double>]
    /// Component correlations in (-1, 1).
    public var correlations: [Double]

    /// A mixture from its parts (all of the same length).
    public init(weights: [Double], means: [SIMD2<Double>], scales: [SIMD2<Double>], correlations: [Double]) {
        self.weights = weights
        self.means = means
        self.scales = scales
        self.correlations = correlations
    }
}

/// Reads network outputs as mixtures of `components` bivariate Gaussians.
///
/// A row holds, in order, `k` mixture logits, `2k` means (x, y interleaved per component), `2k` log-scales
/// and `k` correlation pre-activations (the reference's layout). Scales are `exp` of the log-scales and then
/// regularised, `s' = sqrt(s² + α)`, with the correlation adjusted so the covariance's off-diagonal is kept
/// (`ρ' = ρ s₁ s₂ / (s₁' s₂')`): a Tikhonov term on the covariance that stops components collapsing onto
/// single training points.
public struct MixtureDensityHead: Sendable {
    /// The number of components k.
    public let components: Int
    /// The variance floor α added to every squared scale.
    public let regularization: Double

    /// A head for `components` components with variance floor `regularization`.
    public init(components: Int, regularization: Double) {
        self.components = components
        self.regularization = regularization
    }

    /// The number of output columns a row needs: `6k`.
    public var width: Int { 6 * components }

    /// Per-row negative log-density of `targets [R, 2]` under the mixtures in `raw [R, 6k]`, differentiable.
    public func negativeLogLikelihood(_ raw: Tensor, targets: Tensor) -> Tensor {
        let (rows, k) = (raw.shape[0], components)
        let parts = raw.split([k, 2 * k, 2 * k, k], axis: -1)
        let logWeights = parts[0].logSoftmax(axis: -1)
        let means = parts[1].reshaped([rows, k, 2])
        let rawScales = parts[2].reshaped([rows, k, 2]).exp()
        let scales = (rawScales * rawScales + regularization).sqrt()
        let ratio = rawScales / scales
        let ratios = ratio.split([1, 1], axis: -1)
        let rho = parts[3].tanh() * ratios[0].reshaped([rows, k]) * ratios[1].reshaped([rows, k])
        let delta = (targets.reshaped([rows, 1, 2]) - means) / scales
        let d = delta.split([1, 1], axis: -1).map { $0.reshaped([rows, k]) }
        let oneMinus = 1.0 - rho * rho
        let quadratic = (rho * d[0] * d[1] - 0.5 * (d[0] * d[0] + d[1] * d[1])) / oneMinus
        let logScales = scales.log().sum(axis: -1)
        let logNormal = quadratic - logScales - 0.5 * oneMinus.log() - Foundation.log(2 * Double.pi)
        return -(logWeights + logNormal).logSumExp(axis: -1)
    }

    /// The mixture described by one output row (`6k` values), in Double.
    public func mixture(_ row: ArraySlice<Float>) -> MixtureParameters {
        let k = components, base = row.startIndex
        precondition(row.count >= width, "mixture row has \(row.count) values, needs \(width)")
        let logits = (0..<k).map { Double(row[base + $0]) }
        let top = logits.max() ?? 0
        let unnormalised = logits.map { Foundation.exp($0 - top) }
        let total = unnormalised.reduce(0, +)
        var means: [SIMD2<Double>] = [], scales: [SIMD2<Double>] = [], correlations: [Double] = []
        for j in 0..<k {
            means.append(SIMD2(Double(row[base + k + 2 * j]), Double(row[base + k + 2 * j + 1])))
            let raw = SIMD2(Foundation.exp(Double(row[base + 3 * k + 2 * j])), Foundation.exp(Double(row[base + 3 * k + 2 * j + 1])))
            let regularised = (raw * raw + regularization).squareRoot()
            scales.append(regularised)
            correlations.append(Foundation.tanh(Double(row[base + 5 * k + j])) * raw.x * raw.y / (regularised.x * regularised.y))
        }
        return MixtureParameters(weights: unnormalised.map { $0 / total }, means: means, scales: scales, correlations: correlations)
    }
}

/// Per-row binary cross-entropy of `logits` against 0/1 `targets` (same shape), differentiable:
/// `softplus(z) - y z`, the negative log-probability of `y` under a Bernoulli with logit `z`.
public func bernoulliNegativeLogLikelihood(logits: Tensor, targets: Tensor) -> Tensor {
    logits.softplus() - targets * logits
}
