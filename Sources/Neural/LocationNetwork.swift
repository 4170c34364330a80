import Random
import Tensors

/// The GNS location model p(start | canvas, previous end) (Feinman & Lake 2021, appendix A; the reference's
/// `CNNStart` with k = 20): four blocks of [3x3 convolution without bias, batch norm, tanh, 2x2 max-pool]
/// take the 28x28 canvas to 128 features; the previous stroke's end point is embedded by a 2->16 tanh
/// layer; both feed a 144->128 tanh layer and a linear head giving a 20-component bivariate Gaussian
/// mixture. Coordinates are in network space (see the character model), canvases are raw ink in [0, 1].
public struct LocationNetwork: ParameterContainer, Sendable {
    /// Mixture components.
    public static let components = 20
    /// Canvas z-scoring constants of the reference (mean and standard deviation of training canvases).
    static let canvasMean = 0.0243, canvasDeviation = 0.1383

    var convolutions: [Conv2d]
    var norms: [BatchNorm]
    var previousEmbedding: Linear
    var hidden: Linear
    var output: Linear
    /// Dropout after each convolution block, on the previous-point embedding, and before the head (reference: 0.3, 0.2, 0.5).
    public var dropout = (convolution: 0.3, previous: 0.2, hidden: 0.5)
    /// The mixture reader (variance floor 1e-3 as the reference).
    public let head = MixtureDensityHead(components: components, regularization: 1e-3)

    /// A network with PyTorch's default random initialisation.
    public init(generator: inout SeededGenerator) {
        let channels = [1, 16, 32, 64, 128]
        convolutions = (0..<4).map { Conv2d(channels[$0], channels[$0 + 1], bias: false, generator: &generator) }
        norms = (0..<4).map { BatchNorm(channels[$0 + 1]) }
        previousEmbedding = Linear(2, 16, generator: &generator)
        hidden = Linear(128 + 16, 128, generator: &generator)
        output = Linear(128, head.width, generator: &generator)
    }

    /// Raw head outputs `[N, 120]` for canvases `[N, 1, 28, 28]` and previous end points `[N, 2]`.
    public mutating func forward(canvases: Tensor, previous: Tensor, pass: inout ForwardPass) -> Tensor {
        var x = (canvases - Self.canvasMean) / Self.canvasDeviation
        for block in 0..<4 {
            x = norms[block](convolutions[block](x), pass).tanh().maxPool2x2()
            x = pass.dropout(x, dropout.convolution)
        }
        let features = x.reshaped([x.shape[0], 128])
        let embedded = pass.dropout(previousEmbedding(previous).tanh(), dropout.previous)
        let joined = pass.dropout(hidden(Tensor.concatenate([features, embedded], axis: 1)).tanh(), dropout.hidden)
        return output(joined)
    }

    /// Per-example negative log-density of `starts [N, 2]` (network space).
    public mutating func losses(canvases: Tensor, previous: Tensor, starts: Tensor, pass: inout ForwardPass) -> Tensor {
        head.negativeLogLikelihood(forward(canvases: canvases, previous: previous, pass: &pass), targets: starts)
    }

    /// The start-location mixture for one 28x28 canvas (row-major ink) and previous end point, in evaluation mode.
    public func mixture(canvas: [Float], previous: SIMD2<Double>) -> MixtureParameters {
        var network = self, pass = ForwardPass.evaluation
        let raw = network.forward(canvases: Tensor(shape: [1, 1, 28, 28], scalars: canvas),
                                  previous: Tensor(shape: [1, 2], scalars: [Float(previous.x), Float(previous.y)]), pass: &pass)
        return head.mixture(raw.scalars[...])
    }

    public mutating func visitParameters(prefix: String, _ body: (String, inout Tensor) -> Void) {
        for block in 0..<4 {
            convolutions[block].visitParameters(prefix: join(prefix, "features.\(block).0"), body)
            norms[block].visitParameters(prefix: join(prefix, "features.\(block).1"), body)
        }
        hidden.visitParameters(prefix: join(prefix, "output.0"), body)
        output.visitParameters(prefix: join(prefix, "output.3"), body)
        previousEmbedding.visitParameters(prefix: join(prefix, "prev_embed.0"), body)
    }

    public mutating func visitBuffers(prefix: String, _ body: (String, inout Tensor) -> Void) {
        for block in 0..<4 { norms[block].visitBuffers(prefix: join(prefix, "features.\(block).1"), body) }
    }
}
