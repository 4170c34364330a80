/// A seeded, splittable pseudo-random generator: xoshiro256** with its state filled by SplitMix64.
///
/// Everything random in GNS is drawn from a generator passed in explicitly, so a run is reproducible
/// from its seed. Parallel work takes one stream per item (`init(seed:stream:)` or `split()`), so results
/// never depend on how many threads ran it.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var s0, s1, s2, s3: UInt64

    /// A generator whose 256-bit state is four SplitMix64 outputs of `seed` (never all zero).
    public init(seed: UInt64) {
        var mixer = SplitMix64(state: seed)
        self.init(state: (mixer.next(), mixer.next(), mixer.next(), mixer.next()))
    }

    /// Stream `stream` of `seed`: streams of one seed are statistically independent generators.
    ///
    /// The pair is hashed into a SplitMix64 seed by SplitMix64's finaliser, so neighbouring streams start
    /// from unrelated points of xoshiro's 2^256 period (an overlap within any realistic run length has
    /// negligible probability).
    public init(seed: UInt64, stream: UInt64) {
        let mixedStream = SplitMix64.finalize(stream &+ 0x6A09_E667_F3BC_C909)
        self.init(seed: SplitMix64.finalize(seed ^ mixedStream) &+ mixedStream)
    }

    /// A generator with an explicit xoshiro256** state (used to check against reference outputs).
    init(state: (UInt64, UInt64, UInt64, UInt64)) {
        (s0, s1, s2, s3) = state
        if s0 | s1 | s2 | s3 == 0 { s0 = 0x9E37_79B9_7F4A_7C15 }  // the all-zero state is a fixed point
    }

    /// The next 64 random bits (xoshiro256**).
    public mutating func next() -> UInt64 {
        let result = (s1 &* 5).rotatedLeft(by: 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = s3.rotatedLeft(by: 45)
        return result
    }

    /// A child generator seeded from this one's next two outputs; this generator advances, so
    /// successive splits give different children.
    public mutating func split() -> SeededGenerator {
        SeededGenerator(seed: next(), stream: next())
    }
}

/// SplitMix64 (Steele, Lea & Flood 2014): a 64-bit counter passed through a strong finaliser. Used only
/// to expand seeds into xoshiro state, as the xoshiro authors recommend.
struct SplitMix64 {
    var state: UInt64

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        return Self.finalize(state)
    }

    /// The SplitMix64 output function: a bijective avalanche mix of 64 bits.
    static func finalize(_ value: UInt64) -> UInt64 {
        var z = value
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

extension UInt64 {
    @inline(__always)
    func rotatedLeft(by amount: UInt64) -> UInt64 {
        (self << amount) | (self >> (64 - amount))
    }
}
