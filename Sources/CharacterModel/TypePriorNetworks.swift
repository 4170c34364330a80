import Foundation
import Kernels
import Neural
import Random
import Render
import Tensors

/// The three networks of the GNS type prior, and the type-level log-probability of a drawing under them.
public struct TypePriorNetworks: Sendable {
    /// p(start | canvas, previous end).
    public var location: LocationNetwork
    /// p(offsets | start, canvas).
    public var stroke: StrokeNetwork
    /// p(stop | canvas).
    public var termination: TerminationNetwork

    /// File names of the three networks' weights inside a weights directory.
    public static let fileNames = (location: "location.safetensors", stroke: "stroke.safetensors", termination: "termination.safetensors")

    /// Randomly initialised networks (for tests and for training from scratch).
    public init(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        location = LocationNetwork(generator: &generator)
        stroke = StrokeNetwork(generator: &generator)
        termination = TerminationNetwork(generator: &generator)
    }

    /// The networks whose weights are in `directory` (the three files of ``fileNames``).
    public init(directory: String) throws(WeightsError) {
        self.init(seed: 0)
        try location.load(contentsOf: directory + "/" + Self.fileNames.location)
        try stroke.load(contentsOf: directory + "/" + Self.fileNames.stroke)
        try termination.load(contentsOf: directory + "/" + Self.fileNames.termination)
    }

    /// The weights trained by GNS and shipped with the package.
    public static func bundled() throws(WeightsError) -> TypePriorNetworks {
        try TypePriorNetworks(directory: BundledWeights.directory)
    }

    /// The canvases a type's strokes are drawn on: element k is the 28x28 canvas after the first k strokes
    /// (motor-space control points), rendered as the networks were trained (blur 0.5, no pixel noise).
    public static func partialCanvases(_ splines: [[SIMD2<Double>]], renderer: Renderer = Renderer()) -> [[Float]] {
        let token = RenderToken(strokes: splines.map { RenderStroke(absolute: $0) }, blurSigma: 0.5, epsilon: 0)
        return renderer.partialProbabilities(token).map(NetworkSpace.downsized)
    }

    /// Negative log-probability of a type, split by network, with densities over motor-space points (the
    /// coordinates `type.gns` samples in). `splines` are the strokes' control points in drawing order, each with
    /// at least two; the first control point is the stroke's start. This is the trainer's loss for the drawing
    /// plus the change of variables from network to motor space.
    public func negativeLogLikelihood(splines: [[SIMD2<Double>]], renderer: Renderer = Renderer()) -> TypeLosses {
        let examples = TypeExamples(splines: splines, canvases: Self.partialCanvases(splines, renderer: renderer))
        // The three CNNs side by side, one per core (each network's own fork-joins then run inline: coarse
        // work on both cores instead of many small hand-offs); then the stroke steps, which are bound by
        // reading the weights, on both.
        let strokes = StrokeNetwork.Evaluator(stroke)
        var locationLoss = 0.0, terminationLoss = 0.0, begunStrokes: StrokeNetwork.Evaluator.Scoring?
        Parallel.forEach(3) { network in
            var pass = ForwardPass.evaluation
            switch network {
            case 0:
                begunStrokes = strokes.beginScoring(canvases: examples.strokeCanvases, starts: examples.starts, offsets: examples.offsets)
            case 1:
                var copy = termination
                terminationLoss = copy.losses(canvases: examples.terminationCanvases, stops: examples.stops, pass: &pass).sum().scalar
            default:
                var copy = location
                locationLoss = copy.losses(canvases: examples.strokeCanvases, previous: examples.previous,
                                           starts: examples.starts, pass: &pass).sum().scalar
            }
        }
        let strokeLoss = strokes.losses(begunStrokes!)
        // Each 2-D point density picks up 1/scale² going from network to motor space.
        let jacobian = 2 * Foundation.log(NetworkSpace.scale)
        let offsetCount = Double(examples.offsets.reduce(0) { $0 + $1.count })
        return TypeLosses(location: locationLoss + Double(splines.count) * jacobian,
                          stroke: strokeLoss.offsets.sum().scalar + strokeLoss.stops.sum().scalar + offsetCount * jacobian,
                          termination: terminationLoss)
    }
}

/// A type's negative log-probability by network (nats).
public struct TypeLosses: Sendable, Equatable {
    /// Stroke starts.
    public var location: Double
    /// Stroke offsets and stop flags.
    public var stroke: Double
    /// The end-of-character flags.
    public var termination: Double
    /// The sum.
    public var total: Double { location + stroke + termination }
}

/// The network inputs and targets of one or more drawings (network space), in the three networks' batch layouts.
struct TypeExamples {
    /// Per stroke: the canvas before it `[S, 1, 28, 28]`, the previous end point and the start `[S, 2]`.
    var strokeCanvases: Tensor, previous: Tensor, starts: Tensor
    /// Per stroke: its offsets.
    var offsets: [[SIMD2<Float>]]
    /// Per stroke: the canvas after it `[S, 1, 28, 28]` and whether it was the last `[S]`.
    var terminationCanvases: Tensor, stops: Tensor

    /// The examples of one drawing from its splines (motor space) and its partial canvases (`strokes + 1`).
    init(splines: [[SIMD2<Double>]], canvases: [[Float]]) {
        let count = splines.count
        let strokes = TypeExampleSet.StrokeExample.examples(of: splines, firstCanvas: 0)
        previous = TypeExampleSet.pointTensor(strokes.map(\.previous))
        starts = TypeExampleSet.pointTensor(strokes.map(\.start))
        offsets = strokes.map(\.offsets)
        strokeCanvases = Tensor(shape: [count, 1, 28, 28], scalars: canvases.prefix(count).flatMap { $0 })
        terminationCanvases = Tensor(shape: [count, 1, 28, 28], scalars: canvases.dropFirst().flatMap { $0 })
        stops = Tensor(shape: [count], scalars: (0..<count).map { $0 == count - 1 ? 1 : 0 })
    }
}

extension TypePriorNetworks {
    /// ``negativeLogLikelihood(splines:renderer:)`` of many types, over both cores.
    public func negativeLogLikelihoods(of types: [[[SIMD2<Double>]]]) -> [TypeLosses] {
        let networks = self
        return Parallel.map(types.indices, makeState: { Renderer() }) { renderer, i in
            networks.negativeLogLikelihood(splines: types[i], renderer: renderer)
        }
    }
}
