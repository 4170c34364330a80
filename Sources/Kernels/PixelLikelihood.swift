extension SIMD8 where Scalar == Float {
    /// Natural logarithm of eight positive normal floats at once (Cephes `logf`: split off the binary
    /// exponent, a degree-9 polynomial on the mantissa in [√½, √2)); within 2 ulp of `log` on that domain.
    /// Zero, negative, subnormal and non-finite inputs are outside the contract (the renderer's
    /// probabilities are clamped to [2⁻²³, 1 - 2⁻²³]).
    @inlinable @inline(__always)
    public func logarithm() -> SIMD8<Float> {
        typealias V = SIMD8<Float>
        let bits = unsafeBitCast(self, to: SIMD8<Int32>.self)
        // self = mantissa · 2^exponent with mantissa in [0.5, 1).
        typealias I = SIMD8<Int32>
        // The biased exponent k < 2²³ becomes the float 2²³ + k by or-ing in 2²³'s bits (a lane-wise int-to-float
        // conversion would be scalarised).
        let biased = unsafeBitCast((bits &>> I(repeating: 23)) | I(repeating: 0x4B00_0000), to: V.self)
        var exponent = biased - V(repeating: 8_388_608 + 126)
        var mantissa = unsafeBitCast((bits & I(repeating: 0x007F_FFFF)) | I(repeating: 0x3F00_0000), to: V.self)
        let low = mantissa .< V(repeating: 0.707106781186547524)
        exponent.replace(with: exponent - V.one, where: low)
        mantissa.replace(with: mantissa + mantissa, where: low)
        let f = mantissa - V.one, z = f * f
        // Horner's rule with splatted constants (scalar operands would be multiplied lane by lane).
        var poly = V(repeating: 7.0376836292e-2)
        poly = poly * f + V(repeating: -1.1514610310e-1)
        poly = poly * f + V(repeating: 1.1676998740e-1)
        poly = poly * f + V(repeating: -1.2420140846e-1)
        poly = poly * f + V(repeating: 1.4249322787e-1)
        poly = poly * f + V(repeating: -1.6668057665e-1)
        poly = poly * f + V(repeating: 2.0000714765e-1)
        poly = poly * f + V(repeating: -2.4999993993e-1)
        poly = poly * f + V(repeating: 3.3333331174e-1)
        var y = f * z * poly
        y += V(repeating: -2.12194440e-4) * exponent
        y += V(repeating: -0.5) * z
        return f + y + V(repeating: 0.693359375) * exponent
    }
}

/// The Bernoulli pixel likelihood, the one every image score in GNS goes through (the renderer's fused
/// likelihood and the `bernoulli_image` distribution), eight pixels at a time:
/// `p = clamp(eps + (1 - 2 eps) clamp(raw, 0, 1))` (clamped to [u, 1 - u], u = ``clamp``), its
/// log-probability of the observed pixels, and the derivatives with respect to epsilon and to `raw` (zero
/// where the clamp to [0, 1] is flat).
public struct PixelLikelihood {
    /// How close to 0 or 1 a probability may get inside the log: an off pixel where the model is certain of
    /// ink costs log u instead of -infinity, and gradients stay finite.
    public static let clamp: Float = .ulpOfOne

    @usableFromInline let epsilon: SIMD8<Float>, gain: SIMD8<Float>

    /// The likelihood of pixels whose ink `raw` is mixed with pixel noise `epsilon` (0: no noise).
    @inlinable
    public init(epsilon: Float) {
        self.epsilon = SIMD8(repeating: epsilon)
        gain = SIMD8(repeating: 1 - 2 * epsilon)
    }

    /// log P(observed | raw) per lane, with d/d epsilon and d/d raw; `observed` lanes are 0 or 1.
    @inlinable @inline(__always)
    public func evaluate(raw: SIMD8<Float>, observed: SIMD8<Float>)
        -> (value: SIMD8<Float>, gradEpsilon: SIMD8<Float>, gradRaw: SIMD8<Float>)
    {
        let tiny = SIMD8<Float>(repeating: Self.clamp)
        // Clamps by selects: `clamped(lowerBound:upperBound:)` is not inlined and costs a call per block.
        let x = SIMD8<Float>.zero.replacing(with: SIMD8.one.replacing(with: raw, where: raw .< .one), where: raw .> .zero)
        var p = epsilon + gain * x
        p.replace(with: tiny, where: p .< tiny)
        p.replace(with: .one - tiny, where: p .> .one - tiny)
        // The probability of what was observed, and d log(it) / d p, by arithmetic on the 0/1 pixels (a mask
        // built from them would be assembled lane by lane).
        let sign = observed + observed - .one
        let q = .one - p + observed * (p + p - .one)
        let slope = sign / q
        let open = (raw .> .zero) .& (raw .< .one)
        return (q.logarithm(), slope * (.one - (x + x)), (slope * gain).replacing(with: SIMD8<Float>.zero, where: .!open))
    }
}
