import Foundation
import Random
import Tensors

/// The GNS termination model p(stop | canvas) (the reference's `CNNTerminate`): four blocks of
/// [3x3 convolution, ReLU, batch norm, 2x2 max-pool] with 64 channels take the 28x28 canvas to 64 features,
/// then a 64->64 ReLU layer and a linear layer give the logit of stopping after the strokes on the canvas.
public struct TerminationNetwork: ParameterContainer, Sendable {
    /// Canvas z-scoring constants of the reference.
    static let canvasMean = 0.0574, canvasDeviation = 0.2084

    var convolutions: [Conv2d]
    var norms: [BatchNorm]
    var hidden: Linear
    var output: Linear
    /// Dropout after each convolution block and before the output layer (reference: 0.5 and 0.5).
    public var dropout = (convolution: 0.5, hidden: 0.5)

    /// A network with PyTorch's default random initialisation.
    public init(generator: inout SeededGenerator) {
        convolutions = (0..<4).map { Conv2d($0 == 0 ? 1 : 64, 64, generator: &generator) }
        norms = (0..<4).map { _ in BatchNorm(64) }
        hidden = Linear(64, 64, generator: &generator)
        output = Linear(64, 1, generator: &generator)
    }

    /// Stop logits `[N]` for canvases `[N, 1, 28, 28]`.
    public mutating func forward(canvases: Tensor, pass: inout ForwardPass) -> Tensor {
        var x = (canvases - Self.canvasMean) / Self.canvasDeviation
        for block in 0..<4 {
            x = norms[block](convolutions[block](x).relu(), pass).maxPool2x2()
            x = pass.dropout(x, dropout.convolution)
        }
        let features = pass.dropout(hidden(x.reshaped([x.shape[0], 64])).relu(), dropout.hidden)
        return output(features).reshaped([x.shape[0]])
    }

    /// Per-example negative log-probability of the 0/1 `stops [N]`.
    public mutating func losses(canvases: Tensor, stops: Tensor, pass: inout ForwardPass) -> Tensor {
        bernoulliNegativeLogLikelihood(logits: forward(canvases: canvases, pass: &pass), targets: stops)
    }

    /// The probability of stopping after the strokes on one 28x28 canvas (row-major ink), in evaluation mode.
    public func probability(canvas: [Float]) -> Double {
        var network = self, pass = ForwardPass.evaluation
        let logit = network.forward(canvases: Tensor(shape: [1, 1, 28, 28], scalars: canvas), pass: &pass).scalars[0]
        return 1 / (1 + Foundation.exp(-Double(logit)))
    }

    public mutating func visitParameters(prefix: String, _ body: (String, inout Tensor) -> Void) {
        for block in 0..<4 {
            convolutions[block].visitParameters(prefix: join(prefix, "features.\(block).0"), body)
            norms[block].visitParameters(prefix: join(prefix, "features.\(block).2"), body)
        }
        hidden.visitParameters(prefix: join(prefix, "net.0"), body)
        output.visitParameters(prefix: join(prefix, "net.3"), body)
    }

    public mutating func visitBuffers(prefix: String, _ body: (String, inout Tensor) -> Void) {
        for block in 0..<4 { norms[block].visitBuffers(prefix: join(prefix, "features.\(block).2"), body) }
    }
}
