import Foundation
import Testing
@testable import Tensors

@Suite struct OptimizerTests {
    @Test func sgdWithMomentumFollowsTheUpdateRule() {
        // f(p) = p^2, g = 2p; lr 0.1, momentum 0.9, worked by hand:
        // v1 = 2, p1 = 1 - 0.2 = 0.8; g = 1.6, v2 = 1.8 + 1.6 = 3.4, p2 = 0.8 - 0.34 = 0.46.
        var sgd = SGD(learningRate: 0.1, momentum: 0.9)
        var parameters = [Tensor(1.0)]
        for expected in [0.8, 0.46] {
            sgd.step(&parameters, gradients: [parameters[0] * 2])
            #expect(Swift.abs(parameters[0].scalar - expected) < 1e-6)
        }
    }

    @Test func adamFirstStepIsTheLearningRateAndDecayIsDecoupled() {
        var adam = Adam(learningRate: 0.01)
        var parameters = [Tensor([1, -2, 3])]
        adam.step(&parameters, gradients: [Tensor([0.5, -30, 1e-3])])
        // Bias correction makes the first step lr * g / |g| for every component.
        let moved = zip(parameters[0].scalars, [Float(1), -2, 3]).map { $0 - $1 }
        #expect(zip(moved, [Float(-0.01), 0.01, -0.01]).allSatisfy { Swift.abs($0 - $1) < 1e-5 })
        // With zero gradients only the decoupled decay acts: p <- p (1 - lr * wd).
        var decaying = Adam(learningRate: 0.1, weightDecay: 0.5)
        var weights = [Tensor([2, -4])]
        decaying.step(&weights, gradients: [Tensor([0, 0])])
        #expect(weights[0].scalars == [2 * 0.95, -4 * 0.95])
    }

    @Test func adamAndSGDMinimizeAQuadraticThroughTheTape() {
        let target = Tensor([1, -2, 0.5])
        func lossAndGradient(_ p: Tensor) -> Tensor {
            Tape.valueAndGradient(at: p) { ($0 - target).squared().sum() }.gradient
        }
        var adam = Adam(learningRate: 0.05)
        var sgd = SGD(learningRate: 0.1, momentum: 0.5)
        var adamParameters = [Tensor.zeros([3])], sgdParameters = [Tensor.zeros([3])]
        for _ in 0..<500 {
            adam.step(&adamParameters, gradients: [lossAndGradient(adamParameters[0])])
            sgd.step(&sgdParameters, gradients: [lossAndGradient(sgdParameters[0])])
        }
        #expect(zip(adamParameters[0].scalars, target.scalars).allSatisfy { Swift.abs($0 - $1) < 1e-3 })
        #expect(zip(sgdParameters[0].scalars, target.scalars).allSatisfy { Swift.abs($0 - $1) < 1e-5 })
    }

    @Test func clippingByGlobalNorm() {
        var gradients = [Tensor([3]), Tensor(shape: [1, 1], scalars: [4])]
        #expect(GradientClipping.clipByGlobalNorm(&gradients, maxNorm: 1) == 5)
        #expect(Swift.abs(gradients[0].scalars[0] - 0.6) < 1e-7 && Swift.abs(gradients[1].scalars[0] - 0.8) < 1e-7)
        var small = [Tensor([0.3, 0.4])]
        #expect(Swift.abs(GradientClipping.clipByGlobalNorm(&small, maxNorm: 1) - 0.5) < 1e-7)
        #expect(small[0].scalars == [0.3, 0.4])
    }

    @Test func learningRateSchedules() {
        #expect(LearningRateSchedule.constant.rate(base: 0.1, at: 99) == 0.1)
        #expect(LearningRateSchedule.step(every: 10, factor: 0.5).rate(base: 1, at: 9) == 1)
        #expect(LearningRateSchedule.step(every: 10, factor: 0.5).rate(base: 1, at: 25) == 0.25)
        #expect(Swift.abs(LearningRateSchedule.exponential(factor: 0.9).rate(base: 2, at: 3) - 2 * 0.729) < 1e-12)
        let cosine = LearningRateSchedule.cosine(total: 100, minimum: 0.1)
        #expect(cosine.rate(base: 1, at: 0) == 1)
        #expect(Swift.abs(cosine.rate(base: 1, at: 50) - 0.55) < 1e-12)
        #expect(Swift.abs(cosine.rate(base: 1, at: 100) - 0.1) < 1e-12)
        #expect(Swift.abs(cosine.rate(base: 1, at: 500) - 0.1) < 1e-12)
    }
}
