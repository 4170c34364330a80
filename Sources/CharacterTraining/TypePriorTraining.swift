import CharacterModel
import Foundation
import Neural
import Tensors

/// Which of the type prior's networks a training run fits.
public enum TypePriorNetwork: String, CaseIterable, Sendable {
    case location, stroke, termination
}

/// Training one network of the type prior on Omniglot drawings: examples are rebuilt every epoch from
/// (optionally) warped drawings, validation examples once from unwarped held-out drawers.
public struct TypePriorTask<Network: ParameterContainer>: TrainingTask {
    let training: [TrainingDrawing]
    let validation: TypeExampleSet
    let augmentation: AffineAugmentation?
    let seed: UInt64
    let count: (TypeExampleSet) -> Int
    let batchLoss: (inout Network, TypeExampleSet, [Int], inout ForwardPass) -> Tensor
    var epochExamples = TypeExampleSet([], augmentation: nil, seed: 0)

    public mutating func prepare(epoch: Int) {
        epochExamples = TypeExampleSet(training, augmentation: augmentation, seed: seed &+ UInt64(epoch) &* 0x9E37_79B9)
    }

    public var trainingCount: Int { count(epochExamples) }

    public func loss(of network: inout Network, batch: [Int], pass: inout ForwardPass) -> Tensor {
        batchLoss(&network, epochExamples, batch, &pass)
    }

    /// Mean loss per validation example, in chunks of 256 so memory stays flat.
    public func validationLoss(of network: Network) -> Double {
        var network = network, pass = ForwardPass.evaluation
        let total = count(validation)
        var sum = 0.0
        for start in stride(from: 0, to: total, by: 256) {
            let chunk = Array(start..<min(start + 256, total))
            sum += batchLoss(&network, validation, chunk, &pass).scalar * Double(chunk.count)
        }
        return sum / Double(max(total, 1))
    }
}

extension TypePriorTask {
    /// A task over the `examples` of each example set (its strokes, or its end-of-drawing flags), whose
    /// `loss` scores a batch of them given their set (for the canvases).
    init<Example>(training: [TrainingDrawing], validation: [TrainingDrawing], augmentation: AffineAugmentation?, seed: UInt64,
                  examples: KeyPath<TypeExampleSet, [Example]>,
                  loss: @escaping (inout Network, TypeExampleSet, [Example], inout ForwardPass) -> Tensor) {
        self.training = training
        self.validation = TypeExampleSet(validation, augmentation: nil, seed: 0)
        self.augmentation = augmentation
        self.seed = seed
        count = { $0[keyPath: examples].count }
        batchLoss = { network, set, batch, pass in
            let all = set[keyPath: examples]
            return loss(&network, set, batch.map { all[$0] }, &pass)
        }
    }
}

extension TypePriorTask where Network == LocationNetwork {
    /// Stroke starts given the canvas so far and the previous stroke's end.
    public static func location(training: [TrainingDrawing], validation: [TrainingDrawing],
                                augmentation: AffineAugmentation?, seed: UInt64) -> Self {
        Self(training: training, validation: validation, augmentation: augmentation, seed: seed, examples: \.strokes) {
            network, set, strokes, pass in
            network.losses(canvases: set.canvasTensor(strokes.map(\.canvas)), previous: TypeExampleSet.pointTensor(strokes.map(\.previous)),
                           starts: TypeExampleSet.pointTensor(strokes.map(\.start)), pass: &pass).mean()
        }
    }
}

extension TypePriorTask where Network == StrokeNetwork {
    /// Spline offsets and stop flags of each stroke given its start and the canvas before it.
    public static func stroke(training: [TrainingDrawing], validation: [TrainingDrawing],
                              augmentation: AffineAugmentation?, seed: UInt64) -> Self {
        Self(training: training, validation: validation, augmentation: augmentation, seed: seed, examples: \.strokes) {
            network, set, strokes, pass in
            network.losses(canvases: set.canvasTensor(strokes.map(\.canvas)), starts: TypeExampleSet.pointTensor(strokes.map(\.start)),
                           offsets: strokes.map(\.offsets), pass: &pass).meanPerStroke
        }
    }
}

extension TypePriorTask where Network == TerminationNetwork {
    /// Whether the character ends after the strokes on a canvas.
    public static func termination(training: [TrainingDrawing], validation: [TrainingDrawing],
                                   augmentation: AffineAugmentation?, seed: UInt64) -> Self {
        Self(training: training, validation: validation, augmentation: augmentation, seed: seed, examples: \.terminations) {
            network, set, ends, pass in
            network.losses(canvases: set.canvasTensor(ends.map(\.canvas)), stops: Tensor(shape: [ends.count], scalars: ends.map { $0.stop ? 1 : 0 }),
                           pass: &pass).mean()
        }
    }
}
