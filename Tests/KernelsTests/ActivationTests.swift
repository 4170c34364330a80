import Foundation
import Testing
@testable import Kernels

@Suite struct ActivationTests {
    /// Every 1/64 over [-40, 40] plus the tails and signed zeros, in a count that leaves a partial last vector.
    static let inputs: [Float] = (-2560...2560).map { Float($0) / 64 } + [-1e30, -100, -87.5, -1e-20, -0.0, 0, 1e-20, 87.5, 100, 1e30]

    /// Float rounding of the result alone is 2^-24 ≈ 6e-8 relative; the polynomial exp adds about 1e-7,
    /// the division another 6e-8. 4e-7 (about 7 units in the last place) bounds their sum with margin.
    static let tolerance = 4e-7

    @Test func sigmoidMatchesDouble() {
        var output = [Float](repeating: .nan, count: Self.inputs.count)
        Activation.sigmoid(Self.inputs, into: &output, count: Self.inputs.count)
        for (x, y) in zip(Self.inputs, output) {
            let expected = 1 / (1 + Foundation.exp(-Double(x)))
            // Below e^-87 the exponent is clamped: the result is a tiny number instead of a smaller one.
            let error = expected < 1e-37 ? (Double(y) < 1e-37 ? 0 : 1) : abs(Double(y) - expected) / expected
            #expect(error <= Self.tolerance, "sigmoid(\(x)) = \(y), expected \(expected)")
        }
    }

    @Test func tanhMatchesDouble() {
        var output = [Float](repeating: .nan, count: Self.inputs.count)
        Activation.tanh(Self.inputs, into: &output, count: Self.inputs.count)
        for (x, y) in zip(Self.inputs, output) {
            let expected = Foundation.tanh(Double(x))
            let error = x == 0 ? abs(Double(y)) : abs(Double(y) - expected) / abs(expected)
            #expect(error <= Self.tolerance, "tanh(\(x)) = \(y), expected \(expected)")
        }
    }

    /// In place, and a count that is not a multiple of the vector width: the tail is written, nothing past it.
    @Test func inPlaceLeavesTheRestAlone() {
        var values: [Float] = [0.5, -1, 2, -3, 4, 0.25, -0.125, 8, 1.5, -2.5, 99]
        let expected = values.prefix(10).map { Float(Foundation.tanh(Double($0))) }
        values.withUnsafeMutableBufferPointer { Activation.tanh($0.baseAddress!, into: $0.baseAddress!, count: 10) }
        for (y, e) in zip(values, expected) { #expect(abs(y - e) <= 4e-7 * abs(e)) }
        #expect(values[10] == 99)
    }
}
