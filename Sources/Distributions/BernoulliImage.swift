import Foundation
import Kernels
import Random

/// A product of independent Bernoullis, one per pixel: the likelihood of a binary image given the
/// renderer's pixel probabilities. Pixels are a flat row-major buffer; the shape is the caller's concern.
public struct BernoulliImage: Distribution {
    /// The probability that each pixel is on, in [0, 1].
    public let probabilities: [Float]

    /// How close to 0 or 1 a probability may get inside the log (the one pixel likelihood's clamp).
    public static let clampEpsilon: Float = PixelLikelihood.clamp

    /// An image distribution; throws naming the first pixel whose probability is outside [0, 1] or NaN.
    public init(probabilities: [Float]) throws(DistributionError) {
        let check = ParameterCheck(distribution: "bernoulli_image")
        try check.nonEmpty(probabilities.count, "probabilities")
        for (index, p) in probabilities.enumerated() where !(p >= 0 && p <= 1) {
            throw check.invalid("probabilities[\(index)]", p, "must lie in [0, 1]")
        }
        self.probabilities = probabilities
    }

    /// d log p / d(pixel probabilities); the binary image has no gradient.
    public struct Gradient: Equatable, Sendable {
        /// d log p / d pᵢ = 1/pᵢ for an on pixel, -1/(1-pᵢ) for an off one, inside (0, 1); 0 at a certain pixel
        /// (0 or 1), where the clamp makes the density flat.
        public var probabilities: [Float]
    }

    /// Draws each pixel independently.
    public func sample<G: RandomNumberGenerator>(using generator: inout G) -> [Bool] {
        probabilities.map { Float.random(in: 0..<1, using: &generator) < $0 }
    }

    /// Σᵢ log p̂ᵢ over on pixels + log(1-p̂ᵢ) over off pixels (``PixelLikelihood`` with no pixel noise),
    /// accumulated in Double; throws if the image has a different number of pixels.
    public func logDensity(_ image: [Bool]) throws(DistributionError) -> Double {
        try checkLength(image)
        var total = 0.0
        forEachBlock(image) { value, _, _ in total += Double(value.sum()) }
        return total
    }

    /// The per-pixel derivative at the clamped probability (see ``Gradient``); throws on a size mismatch.
    public func logDensityGradient(_ image: [Bool]) throws(DistributionError) -> Gradient {
        try checkLength(image)
        var gradient = [Float](repeating: 0, count: probabilities.count)
        forEachBlock(image) { _, slope, range in
            for (lane, i) in range.enumerated() { gradient[i] = slope[lane] }
        }
        return Gradient(probabilities: gradient)
    }

    /// Runs the pixel likelihood over blocks of eight pixels (the last block padded with certain, agreeing
    /// pixels, which add log(1 - u) each and are subtracted by masking); `body` gets the block's log-probabilities,
    /// their derivatives and the pixel indices they belong to.
    private func forEachBlock(_ image: [Bool], _ body: (SIMD8<Float>, SIMD8<Float>, Range<Int>) -> Void) {
        let pixel = PixelLikelihood(epsilon: 0)
        for first in stride(from: 0, to: probabilities.count, by: 8) {
            let range = first..<min(first + 8, probabilities.count)
            var raw = SIMD8<Float>(repeating: 0), observed = SIMD8<Float>(repeating: 0), live = SIMD8<Float>(repeating: 0)
            for (lane, i) in range.enumerated() {
                raw[lane] = probabilities[i]
                observed[lane] = image[i] ? 1 : 0
                live[lane] = 1
            }
            let result = pixel.evaluate(raw: raw, observed: observed)
            body(result.value * live, result.gradRaw * live, range)
        }
    }

    private func checkLength(_ image: [Bool]) throws(DistributionError) {
        try ParameterCheck(distribution: "bernoulli_image").length(image.count, probabilities.count, "image")
    }
}
