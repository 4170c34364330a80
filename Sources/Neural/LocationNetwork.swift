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
        forward(features: features(canvases, pass: &pass), previous: previous, pass: &pass)
    }

    /// The CNN's features `[N, 128]` of canvases `[N, 1, 28, 28]`.
    mutating func features(_ canvases: Tensor, pass: inout ForwardPass) -> Tensor {
        var x = (canvases - Self.canvasMean) / Self.canvasDeviation
        for block in 0..<4 {
            x = norms[block](convolutions[block](x), pass).tanh().maxPool2x2()
            x = pass.dropout(x, dropout.convolution)
        }
        return x.reshaped([x.shape[0], 128])
    }

    /// Raw head outputs `[N, 120]` from the canvases' CNN features `[N, 128]` and previous end points `[N, 2]`.
    mutating func forward(features: Tensor, previous: Tensor, pass: inout ForwardPass) -> Tensor {
        let embedded = pass.dropout(previousEmbedding(previous).tanh(), dropout.previous)
        let joined = pass.dropout(hidden(Tensor.concatenate([features, embedded], axis: 1)).tanh(), dropout.hidden)
        return output(joined)
    }

    /// Per-example negative log-density of `starts [N, 2]` (network space).
    public mutating func losses(canvases: Tensor, previous: Tensor, starts: Tensor, pass: inout ForwardPass) -> Tensor {
        head.negativeLogLikelihood(forward(canvases: canvases, previous: previous, pass: &pass), targets: starts)
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

extension LocationNetwork {
    /// The location network in evaluation mode, with the blank canvas's CNN features computed once (see
    /// `BlankCanvas`): the language builtin `location_gmm` and type-prior scoring use it.
    public struct Evaluator: Sendable {
        let network: LocationNetwork
        let blankFeatures: [Float]

        /// The reader of the raw outputs' mixtures.
        public var head: MixtureDensityHead { network.head }

        /// Evaluates `network` (a copy, with subnormal weights flushed to zero: later training of `network`
        /// does not reach this one).
        public init(_ network: LocationNetwork) {
            self.network = network.flushingSubnormals()
            var copy = self.network, pass = ForwardPass.evaluation
            blankFeatures = copy.features(BlankCanvas.tensor(side: 28), pass: &pass).scalars
        }

        /// ``LocationNetwork/losses(canvases:previous:starts:pass:)`` in evaluation mode.
        public func losses(canvases: Tensor, previous: Tensor, starts: Tensor) -> Tensor {
            network.head.negativeLogLikelihood(forward(canvases: canvases, previous: previous), targets: starts)
        }

        /// The start-location mixture for one 28x28 canvas (row-major ink) and previous end point.
        public func mixture(canvas: [Float], previous: SIMD2<Double>) -> MixtureParameters {
            let raw = forward(canvases: Tensor(shape: [1, 1, 28, 28], scalars: canvas),
                              previous: Tensor(shape: [1, 2], scalars: [Float(previous.x), Float(previous.y)]))
            return network.head.mixture(raw.scalars[...])
        }

        /// Raw head outputs `[N, 120]` for canvases `[N, 1, 28, 28]` and previous end points `[N, 2]`, as tensor
        /// operations: a tape-tracked `previous` carries its gradient to the outputs (the canvases are constants).
        public func forward(canvases: Tensor, previous: Tensor) -> Tensor {
            var copy = network, pass = ForwardPass.evaluation
            let features = BlankCanvas.features(of: canvases, blank: [blankFeatures]) { [copy.features($0, pass: &pass)] }[0]
            return copy.forward(features: Tensor(shape: [canvases.shape[0], blankFeatures.count], scalars: features),
                                previous: previous, pass: &pass)
        }
    }
}
