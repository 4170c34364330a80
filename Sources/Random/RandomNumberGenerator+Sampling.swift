import Foundation

/// Samplers for the standard distributions, available on any generator.
///
/// Parameters are checked with `precondition`: these are programmer-facing primitives, and code that
/// samples from user-supplied parameters (the Distributions module) validates them first with typed errors.
extension RandomNumberGenerator {
    /// A uniform draw from the open interval (0, 1): never exactly 0 or 1, so `log` of it is finite.
    ///
    /// The top 52 bits give k in 0..<2^52 and the result is (k + 1/2) / 2^52, the midpoints of a 2^-52 grid;
    /// all of them are exact Doubles (with 53 bits, the top midpoint 1 - 2^-54 would round up to 1).
    @inlinable
    public mutating func nextUniform() -> Double {
        (Double(next() >> 12) + 0.5) * 0x1p-52
    }

    /// A uniform draw from `range` (lower bound included, upper bound excluded up to rounding).
    @inlinable
    public mutating func nextUniform(in range: Range<Double>) -> Double {
        range.lowerBound + (range.upperBound - range.lowerBound) * nextUniform()
    }

    /// A normal draw by the Box–Muller transform.
    ///
    /// Box–Muller rather than a ziggurat: it is exact (no tables, no tail special case), uses exactly two
    /// uniforms per call (so a stream's consumption is predictable), and a `log` plus a `cos` is cheap next to
    /// the work done with each sample in GNS. `fillNormal` uses both outputs of each transform.
    @inlinable
    public mutating func nextNormal(mean: Double = 0, standardDeviation: Double = 1) -> Double {
        let radius = (-2 * Foundation.log(nextUniform())).squareRoot()
        return mean + standardDeviation * radius * Foundation.cos(2 * Double.pi * nextUniform())
    }

    /// Fills `buffer` with independent normal draws (for weight initialisation and noise).
    public mutating func fillNormal(_ buffer: UnsafeMutableBufferPointer<Float>, mean: Float = 0, standardDeviation: Float = 1) {
        var index = 0
        while index < buffer.count {
            let radius = (-2 * Foundation.log(nextUniform())).squareRoot()
            let angle = 2 * Double.pi * nextUniform()
            buffer[index] = mean + standardDeviation * Float(radius * Foundation.cos(angle))
            if index + 1 < buffer.count {
                buffer[index + 1] = mean + standardDeviation * Float(radius * Foundation.sin(angle))
            }
            index += 2
        }
    }

    /// A Gamma(shape, scale) draw (mean shape·scale) by Marsaglia & Tsang (2000).
    ///
    /// For shape < 1 it draws Gamma(shape + 1) and multiplies by U^(1/shape), the boost from the same paper.
    public mutating func nextGamma(shape: Double, scale: Double = 1) -> Double {
        precondition(shape > 0 && scale > 0, "gamma needs shape > 0 and scale > 0")
        return Foundation.exp(nextLogGamma(shape: shape)) * scale
    }

    /// log of a Gamma(shape, 1) draw, kept in log space so tiny shapes (whose draws underflow) stay usable.
    mutating func nextLogGamma(shape: Double) -> Double {
        if shape < 1 {
            return nextLogGamma(shape: shape + 1) + Foundation.log(nextUniform()) / shape
        }
        let d = shape - 1.0 / 3.0
        let c = 1 / (9 * d).squareRoot()
        while true {
            let x = nextNormal()
            let cube = 1 + c * x
            guard cube > 0 else { continue }
            let v = cube * cube * cube
            let u = nextUniform()
            // The squeeze accepts ~98% of draws without a log; the exact test handles the rest.
            if u < 1 - 0.0331 * (x * x) * (x * x) || Foundation.log(u) < 0.5 * x * x + d * (1 - v + Foundation.log(v)) {
                return Foundation.log(d * v)
            }
        }
    }

    /// A Beta(alpha, beta) draw as X / (X + Y) with X ~ Gamma(alpha), Y ~ Gamma(beta), computed from the
    /// log-gammas so that small parameters (where both gammas underflow) still give a valid draw.
    public mutating func nextBeta(_ alpha: Double, _ beta: Double) -> Double {
        precondition(alpha > 0 && beta > 0, "beta needs alpha > 0 and beta > 0")
        let logX = nextLogGamma(shape: alpha)
        let logY = nextLogGamma(shape: beta)
        return 1 / (1 + Foundation.exp(logY - logX))
    }

    /// An index drawn with probability proportional to `probabilities` (non-negative, not all zero; they
    /// need not sum to one).
    public mutating func nextCategorical<Weights: Collection<Double>>(probabilities: Weights) -> Int {
        let total = probabilities.reduce(0, +)
        precondition(total > 0 && total.isFinite, "categorical needs non-negative weights with a positive finite sum")
        var remaining = nextUniform() * total
        var lastPositive = 0
        for (index, probability) in probabilities.enumerated() where probability > 0 {
            remaining -= probability
            if remaining < 0 { return index }
            lastPositive = index
        }
        return lastPositive  // rounding left a sliver of mass past the end
    }

    /// An index drawn with probability proportional to `exp(logWeights)`, computed relative to the largest
    /// log-weight so nothing overflows; `-infinity` entries are never drawn.
    public mutating func nextCategorical<LogWeights: Collection<Double>>(logWeights: LogWeights) -> Int {
        let largest = logWeights.max() ?? -.infinity
        precondition(largest.isFinite, "categorical needs at least one finite log-weight and none +infinity or NaN")
        return nextCategorical(probabilities: logWeights.lazy.map { Foundation.exp($0 - largest) })
    }

    /// `true` with probability `probability`.
    @inlinable
    public mutating func nextBernoulli(probability: Double) -> Bool {
        nextUniform() < probability
    }

    /// A Binomial(trials, probability) draw, exact for any number of trials in O(log trials) beta draws.
    ///
    /// Above 40 trials it splits on an order statistic (Knuth, TAOCP vol. 2, 3.4.1): the a-th smallest of n
    /// uniforms is X ~ Beta(a, n+1-a); if X ≥ p the successes are a Binomial(a-1, p/X) among the a-1 below X,
    /// else the a below X all succeed and the rest are a Binomial(n-a, (p-X)/(1-X)). At most 40 trials are
    /// counted one uniform each.
    public mutating func nextBinomial(trials: Int, probability: Double) -> Int {
        precondition(trials >= 0 && probability >= 0 && probability <= 1, "binomial needs trials >= 0 and a probability in [0, 1]")
        var (n, p, successes) = (trials, probability, 0)
        while n > 40 {
            let a = 1 + n / 2
            let x = nextBeta(Double(a), Double(n + 1 - a))
            if x >= p {
                (n, p) = (a - 1, p / x)
            } else {
                (n, p, successes) = (n - a, (p - x) / (1 - x), successes + a)
            }
        }
        for _ in 0..<n where nextUniform() < p { successes += 1 }
        return successes
    }

    /// A Poisson(mean) draw: Knuth's product of uniforms for small means, Hörmann's transformed rejection
    /// with squeeze (PTRS, 1993) for mean >= 10, where the product method would need ~mean uniforms.
    public mutating func nextPoisson(mean: Double) -> Int {
        precondition(mean >= 0 && mean.isFinite, "poisson needs a finite mean >= 0")
        if mean < 10 {
            let limit = Foundation.exp(-mean)
            var product = nextUniform()
            var count = 0
            while product > limit {
                product *= nextUniform()
                count += 1
            }
            return count
        }
        let rootMean = mean.squareRoot()
        let logMean = Foundation.log(mean)
        let b = 0.931 + 2.53 * rootMean
        let a = -0.059 + 0.02483 * b
        let inverseAlpha = 1.1239 + 1.1328 / (b - 3.4)
        let acceptBound = 0.9277 - 3.6224 / (b - 2)
        while true {
            let u = nextUniform() - 0.5
            let v = nextUniform()
            let us = 0.5 - abs(u)
            let k = ((2 * a / us + b) * u + mean + 0.43).rounded(.down)
            if us >= 0.07 && v <= acceptBound { return Int(k) }
            if k < 0 || (us < 0.013 && v > us) { continue }
            let logAccept = Foundation.log(v * inverseAlpha / (a / (us * us) + b))
            if logAccept <= -mean + k * logMean - Foundation.lgamma(k + 1) { return Int(k) }
        }
    }
}
