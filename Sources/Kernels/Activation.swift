/// The logistic sigmoid and tanh over Float buffers, eight lanes at a time (an LSTM step at batch 64
/// evaluates 80 000 of them; libm's scalar calls would cost as much as the step's matrix products).
///
/// Both rest on one vector exp: e^x = 2^n · e^r with n = round(x / ln 2), |r| <= ln 2 / 2, and e^r from
/// Cephes' degree-6 minimax polynomial (relative error about 1e-7). Results agree with the Double
/// functions to a few units in the last place (see ActivationTests).
///
/// Polynomials are evaluated by Horner's rule with fused multiply-adds (`addingProduct`): Swift does not
/// contract `p * z + c` by itself, and separate multiplies and adds doubled both the instruction count and
/// the dependency chain (tanh is the inner loop of attention, 50 000 per batch-1 stroke step).
public enum Activation {
    typealias Lane = SIMD8<Float>

    /// output[i] = 1 / (1 + e^-input[i]) for i in 0..<count; output may be input (in place).
    public static func sigmoid(_ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>, count: Int) {
        map(Sigmoid.self, input, into: output, count: count)
    }

    /// output[i] = tanh(input[i]) for i in 0..<count; output may be input (in place).
    public static func tanh(_ input: UnsafePointer<Float>, into output: UnsafeMutablePointer<Float>, count: Int) {
        map(Tanh.self, input, into: output, count: count)
    }

    /// A function of one vector (a type, so that `map` is specialised for it and the call inlined).
    protocol LaneFunction {
        static func callAsFunction(_ x: Lane) -> Lane
    }

    enum Sigmoid: LaneFunction {
        @inline(__always)
        static func callAsFunction(_ x: Lane) -> Lane { sigmoid(x) }
    }

    enum Tanh: LaneFunction {
        @inline(__always)
        static func callAsFunction(_ x: Lane) -> Lane { tanh(x) }
    }

    /// Applies a lane function to whole vectors, and to the tail through a zero-padded vector.
    @inline(__always)
    static func map<Function: LaneFunction>(_ function: Function.Type, _ input: UnsafePointer<Float>,
                                            into output: UnsafeMutablePointer<Float>, count: Int) {
        let from = UnsafeRawPointer(input), to = UnsafeMutableRawPointer(output)
        let size = MemoryLayout<Float>.size
        var i = 0
        while i + Lane.scalarCount <= count {
            to.storeBytes(of: Function.callAsFunction(from.loadUnaligned(fromByteOffset: i * size, as: Lane.self)),
                          toByteOffset: i * size, as: Lane.self)
            i += Lane.scalarCount
        }
        if i < count {
            var tail = Lane()
            for lane in 0..<(count - i) { tail[lane] = input[i + lane] }
            let result = Function.callAsFunction(tail)
            for lane in 0..<(count - i) { output[i + lane] = result[lane] }
        }
    }

    /// e^x per lane, for x clamped to [-87, 88] (beyond, e^x leaves Float's normal range).
    @inline(__always)
    static func exp(_ x: Lane) -> Lane {
        let low = Lane(repeating: -87), high = Lane(repeating: 88)
        let clamped = x.replacing(with: low, where: x .< low).replacing(with: high, where: x .> high)
        // Adding 1.5·2^23 rounds x·log2(e) to the nearest integer n and leaves n in the low mantissa
        // bits (no float-to-int conversion, which Swift's SIMD types do lane by lane).
        let magic = Lane(repeating: 12_582_912)
        let shifted = clamped * Lane(repeating: 1.442_695_04) + magic
        let n = shifted - magic
        // r = x - n·ln 2 with ln 2 split in two, so the product n·ln 2 loses nothing.
        let r = clamped - n * Lane(repeating: 0.693_359_375) + n * Lane(repeating: 2.121_944_4e-4)
        var p = Lane(repeating: 1.987_569_15e-4)
        p = Lane(repeating: 1.398_199_95e-3).addingProduct(p, r)
        p = Lane(repeating: 8.333_451_9e-3).addingProduct(p, r)
        p = Lane(repeating: 4.166_579_59e-2).addingProduct(p, r)
        p = Lane(repeating: 1.666_666_55e-1).addingProduct(p, r)
        p = Lane(repeating: 5.000_000_12e-1).addingProduct(p, r)
        let er = r.addingProduct(p, r * r) + Lane(repeating: 1)
        // 2^n assembled in the exponent bits: n + 127 is in 1...254, a normal number.
        let bits = unsafeBitCast(shifted, to: SIMD8<UInt32>.self)
        let exponent = (bits &- 0x4B40_0000 &+ 127) &<< 23
        return er * unsafeBitCast(exponent, to: Lane.self)
    }

    @inline(__always)
    static func sigmoid(_ x: Lane) -> Lane {
        Lane(repeating: 1) / (Lane(repeating: 1) + exp(-x))
    }

    /// tanh per lane as a rational function (Eigen's minimax fit: odd degree 13 over even degree 6, no exp,
    /// about 3e-7 relative error), on x clamped to ±7.9053, past which tanh rounds to ±1 in Float;
    /// below |x| = 4e-4 tanh(x) = x to Float precision.
    @inline(__always)
    static func tanh(_ x: Lane) -> Lane {
        let bound = Lane(repeating: 7.905_311_107_635_498)
        let clamped = x.replacing(with: -bound, where: x .< -bound).replacing(with: bound, where: x .> bound)
        let z = clamped * clamped
        var p = Lane(repeating: -2.760_768_477_423_55e-16)
        p = Lane(repeating: 2.000_187_904_824_77e-13).addingProduct(p, z)
        p = Lane(repeating: -8.604_671_522_137_35e-11).addingProduct(p, z)
        p = Lane(repeating: 5.122_297_090_371_14e-8).addingProduct(p, z)
        p = Lane(repeating: 1.485_722_357_179_79e-5).addingProduct(p, z)
        p = Lane(repeating: 6.372_619_288_754_36e-4).addingProduct(p, z)
        p = Lane(repeating: 4.893_524_558_917_86e-3).addingProduct(p, z)
        var q = Lane(repeating: 1.198_258_394_667_02e-6)
        q = Lane(repeating: 1.185_347_056_866_54e-4).addingProduct(q, z)
        q = Lane(repeating: 2.268_434_632_439_00e-3).addingProduct(q, z)
        q = Lane(repeating: 4.893_525_185_543_85e-3).addingProduct(q, z)
        let ratio = clamped * p / q
        let tiny = x.replacing(with: -x, where: x .< 0) .< Lane(repeating: 4e-4)
        return ratio.replacing(with: x, where: tiny)
    }
}
