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
    public func negativeLogLikelihood(splines: [[SIMD2<Double>]]) -> TypeLosses {
        negativeLogLikelihoods(of: [splines])[0]
    }

    /// ``negativeLogLikelihood(splines:)`` of many types, `batchSize` at a time: a batch's canvases go through
    /// each CNN together and its strokes step in lockstep, so each step's weights are read once per batch (a
    /// step of a few strokes is bound by reading them), and the CNNs' products are large enough to fill both cores.
    public func negativeLogLikelihoods(of types: [[[SIMD2<Double>]]], batchSize: Int = 16) -> [TypeLosses] {
        precondition(batchSize > 0, "a batch needs at least one type")
        precondition(types.allSatisfy { !$0.isEmpty }, "a type has at least one stroke")
        return stride(from: 0, to: types.count, by: batchSize).flatMap { first in
            score(TypeExampleSet(types: Array(types[first..<min(first + batchSize, types.count)])))
        }
    }

    /// The losses of each drawing in `examples`.
    private func score(_ examples: TypeExampleSet) -> [TypeLosses] {
        let strokeCanvases = examples.canvasTensor(examples.strokes.map(\.canvas))
        let starts = TypeExampleSet.pointTensor(examples.strokes.map(\.start))
        // The three CNNs side by side, one per core (each network's own fork-joins then run inline: coarse
        // work on both cores instead of many small hand-offs); then the stroke steps, which are bound by
        // reading the weights, on both.
        let strokes = StrokeNetwork.Evaluator(stroke)
        var locationLosses: [Float] = [], terminationLosses: [Float] = [], begunStrokes: StrokeNetwork.Evaluator.Scoring?
        Parallel.forEach(3) { network in
            var pass = ForwardPass.evaluation
            switch network {
            case 0:
                begunStrokes = strokes.beginScoring(canvases: strokeCanvases, starts: starts, offsets: examples.strokes.map(\.offsets))
            case 1:
                var copy = termination
                terminationLosses = copy.losses(canvases: examples.canvasTensor(examples.terminations.map(\.canvas)),
                                                stops: Tensor(shape: [examples.terminations.count],
                                                              scalars: examples.terminations.map { $0.stop ? 1 : 0 }),
                                                pass: &pass).scalars
            default:
                var copy = location
                locationLosses = copy.losses(canvases: strokeCanvases, previous: TypeExampleSet.pointTensor(examples.strokes.map(\.previous)),
                                             starts: starts, pass: &pass).scalars
            }
        }
        let strokeLosses = strokes.losses(begunStrokes!).perStroke
        // Each 2-D point density picks up 1/scale² going from network to motor space.
        let jacobian = 2 * Foundation.log(NetworkSpace.scale)
        // A drawing's strokes and terminations are consecutive rows; it ends at the row whose stop flag is set.
        var drawings: [TypeLosses] = [], current = TypeLosses(location: 0, stroke: 0, termination: 0)
        for (row, example) in examples.strokes.enumerated() {
            current.location += Double(locationLosses[row]) + jacobian
            current.stroke += strokeLosses.offsets[row] + strokeLosses.stops[row] + Double(example.offsets.count) * jacobian
            current.termination += Double(terminationLosses[row])
            if examples.terminations[row].stop {
                drawings.append(current)
                current = TypeLosses(location: 0, stroke: 0, termination: 0)
            }
        }
        return drawings
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
