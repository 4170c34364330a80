import Foundation
import Random
import Testing
@testable import Tensors

@Suite struct RandomTensorTests {
    @Test func momentsMatchTheRequestedDistributions() {
        var generator = SeededGenerator(seed: 5)
        let n = 40_000
        let normal = Tensor.randomNormal([n], mean: 2, standardDeviation: 3, using: &generator)
        let mean = normal.mean().scalar
        let variance = ((normal - mean).squared()).mean().scalar
        // 5 standard errors: sd/sqrt(n) for the mean, sigma^2 sqrt(2/n) for the variance.
        #expect(Swift.abs(mean - 2) < 5 * 3 / Foundation.sqrt(Double(n)))
        #expect(Swift.abs(variance - 9) < 5 * 9 * Foundation.sqrt(2 / Double(n)))
        let uniform = Tensor.randomUniform([n], in: -0.5..<1.5, using: &generator)
        #expect(uniform.scalars.allSatisfy { $0 >= -0.5 && $0 <= 1.5 })
        // Uniform(-0.5, 1.5): mean 0.5, sd 2/sqrt(12).
        #expect(Swift.abs(uniform.mean().scalar - 0.5) < 5 * (2 / Foundation.sqrt(12)) / Foundation.sqrt(Double(n)))
    }
}
