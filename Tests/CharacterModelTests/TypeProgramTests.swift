import Foundation
import Testing
@testable import CharacterModel
import Distributions
import Inference
import Language
import Neural
import Random
import Render

/// Randomly initialised networks (seeded): the type prior's programs run the same whatever the weights.
enum TestNetworks {
    static let networks = TypePriorNetworks(seed: 7)
    static let scorer = TypePriorScorer(networks)

    static var builtins: BuiltinRegistry { .withCharacterModel(networks: networks) }

    /// log p of `strokes` under the type prior at `temperature`, computed here in Swift straight from the
    /// networks, the renderer and the generative story (not from type.gns): motor-space densities are the
    /// network-space ones divided by 20² (the Jacobian of motor = 20 · network + [50, -50]).
    static func typeLogProbability(_ strokes: [[SIMD2<Double>]], temperature: Double = 1) throws -> Double {
        let renderer = Renderer()
        func canvas(_ count: Int) throws -> [Float] {
            try Canvas.downsized(renderer.probabilities(RenderToken(strokes: strokes.prefix(count).map { RenderStroke(absolute: $0) },
                                                                    blurSigma: 0.5, epsilon: 0)))
        }
        func network(_ p: SIMD2<Double>) -> SIMD2<Double> { (p - [50, -50]) / 20 }
        func tempered(_ m: MixtureParameters) -> MixtureParameters {
            let powered = m.weights.map { pow($0, 1 / temperature) }
            let total = powered.reduce(0, +)
            return MixtureParameters(weights: powered.map { $0 / total }, means: m.means,
                                     scales: m.scales.map { $0 * temperature.squareRoot() }, correlations: m.correlations)
        }
        func logBernoulli(_ p: Double, _ outcome: Bool) -> Double {
            let on = pow(p, 1 / temperature), off = pow(1 - p, 1 / temperature)
            return log((outcome ? on : off) / (on + off))
        }
        let jacobian = 2 * log(20.0)
        var total = 0.0
        var previous = SIMD2<Double>(0, 0)
        let (location, strokeSteps) = (scorer.location, scorer.stroke)
        for (i, points) in strokes.enumerated() {
            let small = try canvas(i)
            total += try BivariateGaussianMixture(tempered(location.mixture(canvas: small, previous: network(previous))))
                .logDensity(network(points[0])) - jacobian
            var state = strokeSteps.begin(canvas: small, start: network(points[0]))
            var previousOffset = SIMD2<Double>.zero
            for t in 1..<points.count {
                let (mixture, stop) = strokeSteps.step(&state, previousOffset: previousOffset)
                if t >= 2 { total += logBernoulli(stop, false) }
                let offset = (points[t] - points[t - 1]) / 20
                total += try BivariateGaussianMixture(tempered(mixture)).logDensity(offset) - jacobian
                previousOffset = offset
            }
            if points.count - 1 < TypeChoices.maxOffsets {
                total += logBernoulli(strokeSteps.step(&state, previousOffset: previousOffset).stopProbability, true)
            }
            previous = points[points.count - 1]
            total += logBernoulli(scorer.termination.probability(canvas: try canvas(i + 1)), i == strokes.count - 1)
        }
        return total
    }
}

/// `Programs/characters/type.gns`: the choices it makes, and its log-probability against the generative story computed in Swift.
@Suite struct TypeProgramTests {
    /// A small drawing: a three-segment stroke and a two-segment one.
    static let drawing: [[SIMD2<Double>]] = [
        [[30, -20], [33, -40], [36, -60], [50, -70]],
        [[60, -25], [70, -30], [85, -32]],
    ]

    @Test(arguments: [1.0, 0.5])
    func assessEqualsTheStoryComputedInSwift(temperature: Double) throws {
        let model = try TestSupport.model("generate_type", in: "type.gns", builtins: TestNetworks.builtins)
        let choices = try TypeChoices.choiceMap(Self.drawing)
        let (logProbability, returned) = try model.assess([.number(temperature)], choices: choices)
        let expected = try TestNetworks.typeLogProbability(Self.drawing, temperature: temperature)
        #expect(abs(logProbability - expected) < 1e-6 * max(1, abs(expected)), "type.gns \(logProbability), Swift \(expected)")
        let strokes = try StrokeValues.strokes(returned, "returned", argument: 0)
        #expect(strokes.count == Self.drawing.count)
        for (a, b) in zip(strokes.joined(), Self.drawing.joined()) { #expect(simd_distance(a, b) < 1e-9) }
    }

    /// Drawings of one to three strokes with one to four offsets each.
    static let drawings: [[[SIMD2<Double>]]] = [drawing, [[[20, -80], [40, -78]]],
                                                [[[50, -20], [52, -50]], [[35, -40], [65, -42]], [[40, -70], [62, -72], [70, -60]]]]

    /// The networks to check against: untrained ones always, the bundled trained ones when present.
    static var networkSets: [(name: String, networks: TypePriorNetworks)] {
        [("untrained", TestNetworks.networks)] + ((try? TypePriorNetworks.bundled()).map { [("bundled", $0)] } ?? [])
    }

    @Test func assessEqualsMinusTheTypePriorsNegativeLogLikelihood() throws {
        // type.gns is the model the networks were trained as: its log p of a drawing, every choice constrained,
        // is minus the trainer's loss (location + stroke + termination, in motor-space densities). The losses
        // are summed in single precision: agreement to 1e-4 relative.
        for (name, networks) in Self.networkSets {
            let model = try TestSupport.model("generate_type", in: "type.gns", builtins: .withCharacterModel(networks: networks))
            for drawing in Self.drawings {
                let logProbability = try model.assess([.number(1)], choices: try TypeChoices.choiceMap(drawing)).logProbability
                let losses = TypePriorScorer(networks).negativeLogLikelihood(splines: drawing)
                #expect(abs(logProbability + losses.total) < 1e-4 * max(1, abs(losses.total)),
                        "\(name) networks: type.gns \(logProbability), -(\(losses.location) + \(losses.stroke) + \(losses.termination))")
            }
        }
    }

    @Test func scoringInBatchesEqualsScoringOneByOne() {
        // Batched, the drawings' canvases share each CNN call and their strokes (of 1 to 4 offsets) step in
        // lockstep, dropping out at different steps; batches of 2 also split the list 2 + 1. The products sum
        // in a different order per batch row, so agreement is to single precision (1e-5 relative).
        for (name, networks) in Self.networkSets {
            let scorer = TypePriorScorer(networks)
            let batched = scorer.negativeLogLikelihoods(of: Self.drawings, batchSize: 2)
            #expect(batched.count == Self.drawings.count)
            for (drawing, losses) in zip(Self.drawings, batched) {
                let alone = scorer.negativeLogLikelihood(splines: drawing)
                for (part, a, b) in [("location", losses.location, alone.location), ("stroke", losses.stroke, alone.stroke),
                                     ("termination", losses.termination, alone.termination)] {
                    #expect(abs(a - b) < 1e-5 * max(1, abs(b)), "\(name) networks, \(part): batched \(a), alone \(b)")
                }
            }
        }
    }

    @Test func simulatedTypesHaveTheChoicesOfTheirStrokes() throws {
        // A simulated type's trace holds exactly the choices TypeChoices derives from the strokes it returns,
        // with the same values, and its score is the story's log-probability of them.
        let model = try TestSupport.model("generate_type", in: "type.gns", builtins: TestNetworks.builtins)
        var generator = SeededGenerator(seed: 31)
        let trace = try model.simulate([.number(1)], using: &generator)
        let strokes = try StrokeValues.strokes(trace.returnValue, "returned", argument: 0)
        let derived = try TypeChoices.choiceMap(strokes)
        #expect(Set(derived.addresses) == Set(trace.addresses))
        for (address, value) in derived.values {
            if case .bool = value {
                #expect(trace[address]?.isEqual(to: value) == true, "\(address)")
            } else {
                let (a, b) = (TestSupport.point(trace[address]), TestSupport.point(value))
                #expect(a != nil && b != nil && simd_distance(a!, b!) < 1e-9, "\(address)")
            }
        }
        let expected = try TestNetworks.typeLogProbability(strokes)
        #expect(abs(trace.score - expected) < 1e-6 * max(1, abs(expected)))
    }
}

private func simd_distance(_ a: SIMD2<Double>, _ b: SIMD2<Double>) -> Double {
    ((a - b) * (a - b)).sum().squareRoot()
}
