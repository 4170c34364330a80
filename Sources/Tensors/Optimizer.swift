import Foundation

/// Gradient clipping shared by the first-order optimizers.
public enum GradientClipping {
    /// Scales `gradients` so their global L2 norm is at most `maxNorm` (no change if already within);
    /// returns the norm before clipping.
    @discardableResult
    public static func clipByGlobalNorm(_ gradients: inout [Tensor], maxNorm: Double) -> Double {
        let norm = gradients.reduce(0.0) { total, g in g.scalars.reduce(total) { $0 + Double($1) * Double($1) } }.squareRoot()
        if norm > maxNorm && norm > 0 {
            let scale = Float(maxNorm / norm)
            for i in gradients.indices { gradients[i].withUnsafeMutableScalars { for k in $0.indices { $0[k] *= scale } } }
        }
        return norm
    }
}

/// Stochastic gradient descent with (heavy-ball) momentum, as PyTorch's `SGD`:
/// `v = momentum * v + g`, `p -= learningRate * v`.
public struct SGD: Sendable {
    /// Step size (set it from a ``LearningRateSchedule`` each step if desired).
    public var learningRate: Double
    /// Momentum coefficient in [0, 1).
    public var momentum: Double
    private var velocities: [[Float]] = []

    /// An optimizer with the given step size and momentum.
    public init(learningRate: Double, momentum: Double = 0) {
        self.learningRate = learningRate
        self.momentum = momentum
    }

    /// Updates `parameters` in place from their `gradients` (same order and shapes every step).
    public mutating func step(_ parameters: inout [Tensor], gradients: [Tensor]) {
        precondition(parameters.count == gradients.count, "one gradient per parameter")
        if velocities.isEmpty { velocities = parameters.map { [Float](repeating: 0, count: $0.count) } }
        let (rate, mu) = (Float(learningRate), Float(momentum))
        for i in parameters.indices {
            precondition(parameters[i].shape == gradients[i].shape, "gradient shape differs from parameter \(i)")
            let g = gradients[i].scalars
            parameters[i].withUnsafeMutableScalars { p in
                for k in p.indices {
                    velocities[i][k] = mu * velocities[i][k] + g[k]
                    p[k] -= rate * velocities[i][k]
                }
            }
        }
    }
}

/// Adam (Kingma & Ba) with bias correction and *decoupled* weight decay (AdamW, Loshchilov & Hutter):
/// the decay shrinks weights directly, `p -= learningRate * weightDecay * p`, rather than being added
/// to the gradient as an L2 term, so it is not rescaled by Adam's adaptive denominators.
/// Clip gradients first with ``GradientClipping/clipByGlobalNorm(_:maxNorm:)`` if wanted.
public struct Adam: Sendable {
    /// Step size (set it from a ``LearningRateSchedule`` each step if desired).
    public var learningRate: Double
    /// Decay of the first-moment average.
    public var beta1: Double
    /// Decay of the second-moment average.
    public var beta2: Double
    /// Added to the root of the second moment.
    public var epsilon: Double
    /// Decoupled weight decay per unit learning rate (0 disables it).
    public var weightDecay: Double
    /// The number of steps taken.
    public private(set) var stepCount = 0
    private var firstMoments: [[Float]] = []
    private var secondMoments: [[Float]] = []

    /// Everything a resumed run needs to continue exactly: the step count and both moment estimates
    /// (one array per parameter, in ``step(_:gradients:)`` order; empty before the first step).
    public var state: (stepCount: Int, firstMoments: [[Float]], secondMoments: [[Float]]) {
        get { (stepCount, firstMoments, secondMoments) }
        set { (stepCount, firstMoments, secondMoments) = newValue }
    }

    /// An optimizer with PyTorch's default constants.
    public init(learningRate: Double = 1e-3, beta1: Double = 0.9, beta2: Double = 0.999,
                epsilon: Double = 1e-8, weightDecay: Double = 0) {
        self.learningRate = learningRate
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
        self.weightDecay = weightDecay
    }

    /// Updates `parameters` in place from their `gradients` (same order and shapes every step).
    public mutating func step(_ parameters: inout [Tensor], gradients: [Tensor]) {
        precondition(parameters.count == gradients.count, "one gradient per parameter")
        if firstMoments.isEmpty {
            firstMoments = parameters.map { [Float](repeating: 0, count: $0.count) }
            secondMoments = firstMoments
        }
        stepCount += 1
        let correction1 = 1 - Foundation.pow(beta1, Double(stepCount))
        let correction2 = 1 - Foundation.pow(beta2, Double(stepCount))
        let (b1, b2, eps) = (Float(beta1), Float(beta2), Float(epsilon))
        let stepSize = Float(learningRate / correction1)
        let rootCorrection2 = Float(correction2.squareRoot())
        let decay = Float(1 - learningRate * weightDecay)
        for i in parameters.indices {
            precondition(parameters[i].shape == gradients[i].shape, "gradient shape differs from parameter \(i)")
            let g = gradients[i].scalars
            parameters[i].withUnsafeMutableScalars { p in
                for k in p.indices {
                    firstMoments[i][k] = b1 * firstMoments[i][k] + (1 - b1) * g[k]
                    secondMoments[i][k] = b2 * secondMoments[i][k] + (1 - b2) * g[k] * g[k]
                    let denominator = secondMoments[i][k].squareRoot() / rootCorrection2 + eps
                    p[k] = p[k] * decay - stepSize * firstMoments[i][k] / denominator
                }
            }
        }
    }
}

/// A learning rate as a function of the step (or epoch) number, starting at step 0.
public enum LearningRateSchedule: Sendable, Equatable {
    /// The base rate throughout.
    case constant
    /// The base rate times `factor` raised to the number of completed `every`-step periods.
    case step(every: Int, factor: Double)
    /// The base rate times `factor` raised to the step number.
    case exponential(factor: Double)
    /// Cosine annealing from the base rate to `minimum` over `total` steps, then `minimum`.
    case cosine(total: Int, minimum: Double)

    /// The rate at `step` for a base rate `base`.
    public func rate(base: Double, at step: Int) -> Double {
        switch self {
        case .constant:
            return base
        case let .step(every, factor):
            return base * Foundation.pow(factor, Double(step / Swift.max(every, 1)))
        case let .exponential(factor):
            return base * Foundation.pow(factor, Double(step))
        case let .cosine(total, minimum):
            let progress = Swift.min(Double(step) / Double(Swift.max(total, 1)), 1)
            return minimum + (base - minimum) * (1 + Foundation.cos(Double.pi * progress)) / 2
        }
    }
}
