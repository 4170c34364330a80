import Foundation
import Kernels
import Neural
import Tensors

/// The type prior's networks in evaluation mode, ready to score drawings and to serve the language builtins:
/// copies of the networks (later training does not reach them, subnormal weights are flushed to zero) with
/// what does not depend on the drawing computed once, such as the blank canvas's features every first stroke
/// is drawn on. Make one per set of
/// weights and keep it; making one costs about a millisecond.
public struct TypePriorScorer: Sendable {
    /// p(start | canvas, previous end).
    public let location: LocationNetwork.Evaluator
    /// p(offsets | start, canvas).
    public let stroke: StrokeNetwork.Evaluator
    /// p(stop | canvas).
    public let termination: TerminationNetwork

    public init(_ networks: TypePriorNetworks) {
        location = LocationNetwork.Evaluator(networks.location)
        stroke = StrokeNetwork.Evaluator(networks.stroke)
        termination = networks.termination.flushingSubnormals()
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
        // A drawing's strokes and terminations are consecutive rows; it ends at the row whose stop flag is set.
        var drawings: [TypeLosses] = [], current = TypeLosses(location: 0, stroke: 0, termination: 0)
        for (row, losses) in rowLosses(examples).enumerated() {
            current.location += losses.location
            current.stroke += losses.stroke
            current.termination += losses.termination
            if examples.terminations[row].stop {
                drawings.append(current)
                current = TypeLosses(location: 0, stroke: 0, termination: 0)
            }
        }
        return drawings
    }

    /// The losses of each row of `examples`: its stroke's start and offsets, and its termination flag.
    func rowLosses(_ examples: TypeExampleSet) -> [TypeLosses] {
        let strokeCanvases = examples.canvasTensor(examples.strokes.map(\.canvas))
        let starts = TypeExampleSet.pointTensor(examples.strokes.map(\.start))
        // The three CNNs side by side, one per core (each network's own fork-joins then run inline: coarse
        // work on both cores instead of many small hand-offs); then the stroke steps, which are bound by
        // reading the weights, on both.
        var locationLosses: [Float] = [], terminationLosses: [Float] = [], begunStrokes: StrokeNetwork.Evaluator.Scoring?
        Parallel.forEach(3) { network in
            switch network {
            case 0:
                begunStrokes = stroke.beginScoring(canvases: strokeCanvases, starts: starts, offsets: examples.strokes.map(\.offsets))
            case 1:
                var copy = termination, pass = ForwardPass.evaluation
                terminationLosses = copy.losses(canvases: examples.canvasTensor(examples.terminations.map(\.canvas)),
                                                stops: Tensor(shape: [examples.terminations.count],
                                                              scalars: examples.terminations.map { $0.stop ? 1 : 0 }),
                                                pass: &pass).scalars
            default:
                locationLosses = location.losses(canvases: strokeCanvases, previous: TypeExampleSet.pointTensor(examples.strokes.map(\.previous)),
                                                 starts: starts).scalars
            }
        }
        let strokeLosses = stroke.losses(begunStrokes!).perStroke
        // Each 2-D point density picks up 1/scale² going from network to motor space.
        let jacobian = 2 * Foundation.log(NetworkSpace.scale)
        return examples.strokes.enumerated().map { row, example in
            TypeLosses(location: Double(locationLosses[row]) + jacobian,
                       stroke: strokeLosses.offsets[row] + strokeLosses.stops[row] + Double(example.offsets.count) * jacobian,
                       termination: Double(terminationLosses[row]))
        }
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
