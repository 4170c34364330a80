import Foundation
import Neural
import Random
import Tensors

/// The object model's termination model p(stop | C): whether the object is finished after the parts on the
/// canvas. A ``VoxelEncoder`` reads the 32³ canvas, a linear layer gives the logit of stopping.
public struct ObjectTerminationNetwork: ParameterContainer, Sendable {
    var encoder: VoxelEncoder
    var output: Linear

    /// A network with PyTorch's default random initialisation.
    public init(generator: inout SeededGenerator) {
        encoder = VoxelEncoder(inputChannels: 1, features: 64, generator: &generator)
        output = Linear(encoder.featureCount, 1, generator: &generator)
    }

    /// Stop logits `[N]` for canvases `[N, 1, 32, 32, 32]`.
    public func logits(canvases: Tensor) -> Tensor { output(encoder(canvases)).reshaped([canvases.shape[0]]) }

    /// Per-example negative log-probability `[N]` of the 0/1 `stops`.
    public func losses(canvases: Tensor, stops: [Bool]) -> Tensor {
        bernoulliNegativeLogLikelihood(logits: logits(canvases: canvases),
                                       targets: Tensor(shape: [stops.count], scalars: stops.map { $0 ? 1 : 0 }))
    }

    /// p(stop | canvas) for one 32³ occupancy canvas (z, then y, then x).
    public func probability(canvas: [Float]) -> Double {
        let logit = Double(logits(canvases: Tensor(shape: [1, 1] + VoxelCanvas.shape, scalars: canvas)).scalars[0])
        return 1 / (1 + Foundation.exp(-logit))
    }

    public mutating func visitParameters(prefix: String, _ body: (String, inout Tensor) -> Void) {
        encoder.visitParameters(prefix: join(prefix, "encoder"), body)
        output.visitParameters(prefix: join(prefix, "output"), body)
    }
}
