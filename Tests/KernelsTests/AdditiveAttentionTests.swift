import Foundation
import Random
import Testing
@testable import Kernels

@Suite struct AdditiveAttentionKernelTests {
    /// Scores match a Double reference `w · tanh(P[row] + q[row / places]) + b`, and are the same whether or not the
    /// tanh values are kept (evaluation passes nil). Width 13 runs the 8-wide loop and the scalar tail; 256 is the
    /// stroke network's; 6 rows over 3 places use two query rows.
    @Test(arguments: [13, 256])
    func scoresMatchTheDefinitionWithAndWithoutActivations(width: Int) {
        var generator = SeededGenerator(seed: 5)
        let (rows, places) = (6, 3)
        let projected = generator.floats(rows * width, in: -3..<3), query = generator.floats(2 * width, in: -3..<3)
        let weight = generator.floats(width), bias: Float = 0.25
        var kept = [Float](repeating: 0, count: rows), activations = [Float](repeating: 0, count: rows * width)
        var bare = [Float](repeating: 0, count: rows)
        AdditiveAttention.scores(rows: rows, places: places, width: width, projected: projected, query: query, weight: weight,
                                 bias: bias, activations: &activations, scores: &kept)
        AdditiveAttention.scores(rows: rows, places: places, width: width, projected: projected, query: query, weight: weight,
                                 bias: bias, activations: nil, scores: &bare)
        #expect(kept == bare)
        var expectedScores: [Double] = [], expectedActivations: [Double] = []
        for row in 0..<rows {
            let values = (0..<width).map { Foundation.tanh(Double(projected[row * width + $0]) + Double(query[row / places * width + $0])) }
            expectedActivations += values
            expectedScores.append(zip(values, weight).map { $0 * Double($1) }.reduce(0, +) + Double(bias))
        }
        // Each tanh is within a few 1e-7 (ActivationTests); a sum of `width` of them, weighted by |w| < 1, within width · 1e-6.
        #expect(maximumRelativeError(kept, expectedScores) < Double(width) * 1e-6)
        #expect(maximumRelativeError(activations, expectedActivations) < 1e-6)
    }
}
