import Foundation
import Random
import Tensors
import Testing
@testable import Neural

@Suite struct AdditiveAttentionTests {
    /// The fused op equals the unfused composition `v(tanh(P + q))` in value and in every gradient.
    /// A = 13 exercises both the 8-wide loop and its scalar tail; 5 x 196 x 300 elements (over 2^18, an odd
    /// batch) the split of the batch over two cores.
    @Test(arguments: [(3, 5, 13), (5, 196, 300)])
    func fusedScoresEqualGenericOps(n: Int, l: Int, a: Int) {
        var generator = SeededGenerator(seed: 11)
        let tape = Tape()
        let projected = tape.variable(Tensor.randomNormal([n, l, a], using: &generator))
        let query = tape.variable(Tensor.randomNormal([n, a], using: &generator))
        let weight = tape.variable(Tensor.randomNormal([1, a], using: &generator))
        let bias = tape.variable(Tensor.randomNormal([1], using: &generator))
        let seed = Tensor.randomNormal([n, l], using: &generator)
        let fused = Tensor.additiveAttentionScores(projected: projected, query: query, weight: weight, bias: bias)
        let generic = Tensor.linear((projected + query.reshaped([n, 1, a])).tanh(), weight: weight, bias: bias).reshaped([n, l])
        for i in 0..<(n * l) { #expect(abs(fused.scalars[i] - generic.scalars[i]) < 1e-5) }
        let fusedGradients = tape.gradients(of: (fused * seed).sum())
        let genericGradients = tape.gradients(of: (generic * seed).sum())
        for variable in [projected, query, weight, bias] {
            let (x, y) = (fusedGradients[variable].scalars, genericGradients[variable].scalars)
            for i in x.indices { #expect(abs(x[i] - y[i]) < 1e-4 * max(1, abs(y[i]))) }
        }
    }
}
