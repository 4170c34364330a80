import Foundation
import Random

/// A product of independent Bernoullis, one per pixel: the likelihood of a binary image given the
/// renderer's pixel probabilities. Pixels are a flat row-major buffer; the shape is the caller's concern.
public struct BernoulliImage: Distribution {
    /// The probability that each pixel is on, in [0, 1].
    public let probabilities: [Float]

    /// How close to 0 or 1 a probability may get inside the log: probabilities are clamped to [ε, 1-ε] so that
    /// an off pixel where the model is certain of ink costs log ε instead of -infinity, and gradients stay finite.
    public static let clampEpsilon: Float = 1e-6

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
        /// d log p / d pᵢ = 1/p̂ᵢ for an on pixel, -1/(1-p̂ᵢ) for an off one, with p̂ the clamped probability.
        public var probabilities: [Float]
    }

    /// Draws each pixel independently.
    public func sample<G: RandomNumberGenerator>(using generator: inout G) -> [Bool] {
        probabilities.map { Float.random(in: 0..<1, using: &generator) < $0 }
    }

    /// Σᵢ log p̂ᵢ over on pixels + log(1-p̂ᵢ) over off pixels, accumulated in Double; throws if the image has
    /// a different number of pixels.
    public func logDensity(_ image: [Bool]) throws(DistributionError) -> Double {
        try checkLength(image)
        var total = 0.0
        probabilities.withUnsafeBufferPointer { p in
            image.withUnsafeBufferPointer { on in
                for i in 0..<p.count {
                    let clamped = Self.clamp(p[i])
                    total += Double(on[i] ? log(clamped) : log1p(-clamped))
                }
            }
        }
        return total
    }

    /// The per-pixel derivative at the clamped probability (see ``Gradient``); throws on a size mismatch.
    public func logDensityGradient(_ image: [Bool]) throws(DistributionError) -> Gradient {
        try checkLength(image)
        var gradient = [Float](repeating: 0, count: probabilities.count)
        for i in probabilities.indices {
            let clamped = Self.clamp(probabilities[i])
            gradient[i] = image[i] ? 1 / clamped : -1 / (1 - clamped)
        }
        return Gradient(probabilities: gradient)
    }

    private static func clamp(_ p: Float) -> Float { min(max(p, clampEpsilon), 1 - clampEpsilon) }

    private func checkLength(_ image: [Bool]) throws(DistributionError) {
        try ParameterCheck(distribution: "bernoulli_image").length(image.count, probabilities.count, "image")
    }
}
