import Distributions
import Foundation
import Random
import Tensors
import Testing
@testable import Neural

@Suite struct MixtureDensityTests {
    let head = MixtureDensityHead(components: 5, regularization: 1e-3)

    func randomRows(_ rows: Int, seed: UInt64) -> (raw: Tensor, targets: Tensor) {
        var generator = SeededGenerator(seed: seed)
        return (Tensor.randomNormal([rows, head.width], using: &generator),
                Tensor.randomNormal([rows, 2], standardDeviation: 1.5, using: &generator))
    }

    /// The batched tensor loss and the Double density of each row's mixture (the one the language builtins use) agree.
    @Test func tensorLossMatchesDoubleDensity() throws {
        let (raw, targets) = randomRows(7, seed: 1)
        let losses = head.negativeLogLikelihood(raw, targets: targets)
        for row in 0..<7 {
            let mixture = head.mixture(raw.scalars[(row * head.width)..<((row + 1) * head.width)])
            let point = SIMD2(Double(targets.scalars[2 * row]), Double(targets.scalars[2 * row + 1]))
            let logDensity = try density(mixture).logDensity(point)
            #expect(abs(Double(losses.scalars[row]) + logDensity) < 1e-4 * max(1, abs(Double(losses.scalars[row]))))
            #expect(abs(mixture.weights.reduce(0, +) - 1) < 1e-12)
        }
    }

    /// A mixture density integrates to one: a Riemann sum over a wide grid (step 0.05, error O(step²)).
    @Test func mixtureDensityIntegratesToOne() throws {
        let (raw, _) = randomRows(1, seed: 2)
        let mixture = try density(head.mixture(raw.scalars[0..<head.width]))
        var total = 0.0
        let step = 0.05
        for i in -240..<240 { for j in -240..<240 {
            total += exp(mixture.logDensity(SIMD2(Double(i) * step, Double(j) * step))) * step * step
        } }
        #expect(abs(total - 1) < 2e-3)
    }

    /// Gradient of the summed loss w.r.t. the raw outputs against central differences in Double
    /// (Float forward values, step 1e-2: truncation O(h²) ~ 1e-4, rounding ~1e-6/h ~ 1e-4).
    @Test func gradientMatchesFiniteDifferences() {
        let (raw, targets) = randomRows(3, seed: 3)
        let tape = Tape()
        let variable = tape.variable(raw)
        let gradient = tape.gradients(of: head.negativeLogLikelihood(variable, targets: targets).sum())[variable]
        for index in stride(from: 0, to: raw.count, by: 5) {
            func loss(_ delta: Float) -> Double {
                var shifted = raw
                shifted.withUnsafeMutableScalars { $0[index] += delta }
                return head.negativeLogLikelihood(shifted, targets: targets).sum().scalar
            }
            let numeric = (loss(1e-2) - loss(-1e-2)) / 2e-2
            #expect(abs(numeric - Double(gradient.scalars[index])) < 2e-3 * max(1, abs(numeric)), "index \(index)")
        }
    }

    @Test func bernoulliLossIsNegativeLogProbability() {
        let logits = Tensor([-3, -0.5, 0, 2, 7])
        let ones = bernoulliNegativeLogLikelihood(logits: logits, targets: Tensor.ones([5]))
        let zeros = bernoulliNegativeLogLikelihood(logits: logits, targets: Tensor.zeros([5]))
        for i in 0..<5 {
            let p = 1 / (1 + exp(-Double(logits.scalars[i])))
            #expect(abs(Double(ones.scalars[i]) + log(p)) < 1e-5)
            #expect(abs(Double(zeros.scalars[i]) + log(1 - p)) < 1e-5)
        }
    }
}

/// The density of a network's mixture, from the distributions module (the language builtins' `gmm2`).
func density(_ mixture: MixtureParameters) throws -> BivariateGaussianMixture {
    try BivariateGaussianMixture(weights: mixture.weights, means: mixture.means, standardDeviations: mixture.scales,
                                 correlations: mixture.correlations)
}
