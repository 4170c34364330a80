import Random
import Tensors

/// How a forward pass runs: in training (dropout active, batch norm on batch statistics, drawing from its
/// own seeded stream) or in evaluation (deterministic).
public struct ForwardPass: Sendable {
    /// Whether dropout and batch statistics are active.
    public let isTraining: Bool
    /// The stream dropout masks are drawn from.
    public var generator: SeededGenerator

    /// A training pass drawing its dropout masks from `generator`.
    public static func training(_ generator: SeededGenerator) -> ForwardPass {
        ForwardPass(isTraining: true, generator: generator)
    }

    /// A deterministic evaluation pass.
    public static var evaluation: ForwardPass { ForwardPass(isTraining: false, generator: SeededGenerator(seed: 0)) }

    /// Inverted dropout with drop probability `probability` in training, the identity in evaluation.
    public mutating func dropout(_ x: Tensor, _ probability: Double) -> Tensor {
        isTraining && probability > 0 ? x.dropout(probability: probability, using: &generator) : x
    }

    /// A dropout mask of `shape` (entries 0 or 1/(1-p)) to reuse across time steps, or `nil` in evaluation.
    public mutating func dropoutMask(_ shape: [Int], _ probability: Double) -> Tensor? {
        guard isTraining && probability > 0 else { return nil }
        return Tensor.ones(shape).dropout(probability: probability, using: &generator)
    }
}
