import Foundation
import Neural
import Random
import Tensors

/// The object model's category model p(k | C): which category the next part has, given the canvas of the parts
/// so far. A ``VoxelEncoder`` reads the 32³ canvas, a linear layer gives one logit per category.
public struct PartCategoryNetwork: ParameterContainer, Sendable {
    /// The categories, in the order of the logits (the training set's, sorted).
    public let categories: [String]
    var encoder: VoxelEncoder
    var output: Linear

    /// A network over `categories` with PyTorch's default random initialisation.
    public init(categories: [String], generator: inout SeededGenerator) {
        self.categories = categories
        encoder = VoxelEncoder(inputChannels: 1, features: 64, generator: &generator)
        output = Linear(encoder.featureCount, categories.count, generator: &generator)
    }

    /// Category logits `[N, K]` for canvases `[N, 1, 32, 32, 32]`.
    public func logits(canvases: Tensor) -> Tensor { output(encoder(canvases)) }

    /// Per-example negative log-probability `[N]` of the category indices `targets`.
    public func losses(canvases: Tensor, targets: [Int]) -> Tensor {
        let logProbabilities = logits(canvases: canvases).logSoftmax(axis: 1)
        return -(logProbabilities * oneHot(targets, count: categories.count)).sum(axis: 1)
    }

    /// p(k | canvas) for every category, for one 32³ occupancy canvas (z, then y, then x).
    public func probabilities(canvas: [Float]) -> [Double] {
        logits(canvases: Tensor(shape: [1, 1] + VoxelCanvas.shape, scalars: canvas)).softmax(axis: 1).scalars.map(Double.init)
    }

    public mutating func visitParameters(prefix: String, _ body: (String, inout Tensor) -> Void) {
        encoder.visitParameters(prefix: join(prefix, "encoder"), body)
        output.visitParameters(prefix: join(prefix, "output"), body)
    }
}

/// Rows of a one-hot matrix `[indices.count, count]`.
func oneHot(_ indices: [Int], count: Int) -> Tensor {
    var scalars = [Float](repeating: 0, count: indices.count * count)
    for (row, index) in indices.enumerated() { scalars[row * count + index] = 1 }
    return Tensor(shape: [indices.count, count], scalars: scalars)
}

/// The networks' canvas: a 32³ occupancy grid.
public enum VoxelCanvas {
    /// `[32, 32, 32]`: z, y, x.
    public static let shape = [VoxelEncoder.gridSize, VoxelEncoder.gridSize, VoxelEncoder.gridSize]
    /// Voxels per canvas.
    public static let count = VoxelEncoder.gridSize * VoxelEncoder.gridSize * VoxelEncoder.gridSize
}
