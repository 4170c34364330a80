import Distributions
import Foundation
import Random
import Tensors
import Testing
@testable import Neural

/// `../shared/reference` beside the package: the paper's own location and termination weights (a check only).
let referenceDirectory = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
    .deletingLastPathComponent().appendingPathComponent("shared/reference").path

func randomCanvases(_ count: Int, generator: inout SeededGenerator) -> Tensor {
    // Sparse ink in [0, 1], like a partial canvas.
    Tensor(shape: [count, 1, 28, 28], scalars: (0..<(count * 784)).map { _ in
        generator.nextUniform(in: 0..<1) < 0.1 ? Float(generator.nextUniform(in: 0..<1)) : 0
    })
}

/// `randomCanvases` with the canvases at `blank` left without ink, as every drawing's first canvas is (the
/// evaluators take those canvases' features from a copy computed once).
func randomCanvases(_ count: Int, blank: Set<Int>, generator: inout SeededGenerator) -> Tensor {
    let canvases = randomCanvases(count, generator: &generator)
    return Tensor(shape: canvases.shape, scalars: canvases.scalars.enumerated().map { blank.contains($0.offset / 784) ? 0 : $0.element })
}

@Suite struct NetworkTests {
    /// The paper's PyTorch state dicts load by name into our networks: same names, same shapes.
    @Test func referenceWeightsLoadIntoOurArchitectures() throws {
        var generator = SeededGenerator(seed: 1)
        var location = LocationNetwork(generator: &generator)
        try location.load(contentsOf: referenceDirectory + "/location_model.safetensors")
        var termination = TerminationNetwork(generator: &generator)
        try termination.load(contentsOf: referenceDirectory + "/terminate_model.safetensors")
        let probability = termination.probability(canvas: [Float](repeating: 0, count: 784))
        #expect(probability > 0 && probability < 0.05, "a blank canvas should almost never end a character")
    }

    @Test func weightsForAnotherNetworkAreRefusedByName() {
        var generator = SeededGenerator(seed: 2)
        var termination = TerminationNetwork(generator: &generator)
        let path = referenceDirectory + "/location_model.safetensors"
        #expect { try termination.load(contentsOf: path) } throws: { error in
            guard case let .mismatch(errorPath, missing, _, unexpected)? = error as? WeightsError else { return false }
            return errorPath == path && missing.contains("net.0.weight") && unexpected.contains("prev_embed.0.weight")
        }
        #expect(throws: WeightsError.self) { try termination.load(contentsOf: "/nonexistent/weights.safetensors") }
    }

    /// Evaluation copies set subnormal values (about a hundred times slower to multiply here) to zero, leave
    /// every other value bit for bit, and leave the network they copy alone (training keeps its values).
    @Test func evaluationCopiesFlushSubnormalValues() {
        var generator = SeededGenerator(seed: 8)
        var network = TerminationNetwork(generator: &generator)
        let tiny = Float.leastNormalMagnitude / 4
        network.visitParameters(prefix: "") { _, tensor in
            tensor = Tensor(shape: tensor.shape, scalars: tensor.scalars.enumerated().map { $0.offset == 0 ? -tiny : $0.element })
        }
        let flushed = network.flushingSubnormals()
        for (name, original) in network.stateDictionary {
            let copy = flushed.stateDictionary[name]!
            for (a, b) in zip(original.scalars, copy.scalars) {
                #expect(a.isSubnormal ? b == 0 : a.bitPattern == b.bitPattern, "\(name): \(a) became \(b)")
            }
        }
        #expect(network.parameters.allSatisfy { $0.scalars[0] == -tiny })
    }

    @Test func stateDictionaryRoundTripsThroughSafetensors() throws {
        var generator = SeededGenerator(seed: 3)
        let stroke = StrokeNetwork(generator: &generator)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("gns-stroke-\(UUID()).safetensors").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try SafeTensors(tensors: stroke.stateDictionary).write(to: path)
        var loaded = StrokeNetwork(generator: &generator)
        #expect(loaded.parameters != stroke.parameters)
        try loaded.load(contentsOf: path)
        #expect(loaded.parameters == stroke.parameters)
        #expect(stroke.stateDictionary["lstm.weight_hh_l1"]?.shape == [1024, 256])
        #expect(stroke.stateDictionary["output.weight"]?.shape == [121, 256])
    }

    /// The batched training loss (strokes sorted by length, finished ones dropped step by step) equals
    /// scoring each stroke alone through the one-step path the language builtins use, and scoring them in
    /// lockstep without a tape (`Evaluator`: separate code, not the tensor operations). Two of the canvases
    /// are blank, which the evaluator does not run its CNN on.
    @Test func batchedStrokeLossEqualsStepByStepScoring() throws {
        var generator = SeededGenerator(seed: 4)
        var network = StrokeNetwork(generator: &generator)
        let lengths = [3, 1, 5, 2]
        let canvases = randomCanvases(lengths.count, blank: [1, 2], generator: &generator)
        let starts = Tensor.randomNormal([lengths.count, 2], using: &generator)
        let offsets = lengths.map { length in
            (0..<length).map { _ in SIMD2(Float(generator.nextNormal() * 0.3), Float(generator.nextNormal() * 0.3)) }
        }
        var pass = ForwardPass.evaluation
        let batched = network.losses(canvases: canvases, starts: starts, offsets: offsets, pass: &pass).perStroke
        let single = StrokeNetwork.Evaluator(network)
        let lockstep = single.losses(canvases: canvases, starts: starts, offsets: offsets).perStroke
        for stroke in lengths.indices {
            let canvas = Array(canvases.scalars[(stroke * 784)..<((stroke + 1) * 784)])
            var state = single.begin(canvas: canvas, start: SIMD2(Double(starts.scalars[2 * stroke]), Double(starts.scalars[2 * stroke + 1])))
            var offsetLoss = 0.0, stopLoss = 0.0, previous = SIMD2<Double>.zero
            for t in 0...lengths[stroke] {
                let (mixture, stop) = single.step(&state, previousOffset: previous)
                if t > 0 { stopLoss -= log(t == lengths[stroke] ? stop : 1 - stop) }
                if t < lengths[stroke] {
                    previous = SIMD2(Double(offsets[stroke][t].x), Double(offsets[stroke][t].y))
                    offsetLoss -= try density(mixture).logDensity(previous)
                }
            }
            #expect(abs(batched.offsets[stroke] - offsetLoss) < 1e-3 * max(1, abs(offsetLoss)), "stroke \(stroke)")
            #expect(abs(batched.stops[stroke] - stopLoss) < 1e-3 * max(1, abs(stopLoss)), "stroke \(stroke)")
            #expect(abs(lockstep.offsets[stroke] - offsetLoss) < 1e-3 * max(1, abs(offsetLoss)), "stroke \(stroke)")
            #expect(abs(lockstep.stops[stroke] - stopLoss) < 1e-3 * max(1, abs(stopLoss)), "stroke \(stroke)")
        }
    }

    /// The location evaluator scores like the network's own forward pass, on a batch that mixes blank and
    /// inked canvases, on blank canvases alone, and one canvas at a time (the builtin's mixture). Same
    /// operations in a different batch layout: agreement to single precision.
    @Test func locationEvaluatorScoresLikeTheNetwork() throws {
        var generator = SeededGenerator(seed: 6)
        var network = LocationNetwork(generator: &generator)
        let canvases = randomCanvases(5, blank: [0, 3], generator: &generator)
        let previous = Tensor.randomNormal([5, 2], using: &generator), starts = Tensor.randomNormal([5, 2], using: &generator)
        var pass = ForwardPass.evaluation
        let expected = network.losses(canvases: canvases, previous: previous, starts: starts, pass: &pass).scalars
        let evaluator = LocationNetwork.Evaluator(network)
        let mixed = evaluator.losses(canvases: canvases, previous: previous, starts: starts).scalars
        let blankOnly = evaluator.losses(canvases: canvases.gathered(axis: 0, indices: [0, 3]), previous: previous.gathered(axis: 0, indices: [0, 3]),
                                         starts: starts.gathered(axis: 0, indices: [0, 3])).scalars
        for row in 0..<5 {
            #expect(abs(mixed[row] - expected[row]) < 1e-5 * max(1, abs(expected[row])), "row \(row): \(mixed[row]) vs \(expected[row])")
            let mixture = evaluator.mixture(canvas: Array(canvases.scalars[(row * 784)..<((row + 1) * 784)]),
                                            previous: SIMD2(Double(previous.scalars[2 * row]), Double(previous.scalars[2 * row + 1])))
            let alone = -(try density(mixture).logDensity(SIMD2(Double(starts.scalars[2 * row]), Double(starts.scalars[2 * row + 1]))))
            #expect(abs(alone - Double(expected[row])) < 1e-4 * max(1, abs(Double(expected[row]))), "row \(row) alone: \(alone)")
        }
        for (index, row) in [0, 3].enumerated() {
            #expect(abs(blankOnly[index] - expected[row]) < 1e-5 * max(1, abs(expected[row])), "blank row \(row)")
        }
    }

    /// One training step on a tiny batch lowers the loss it was computed on (gradients reach every layer).
    @Test func trainingStepsReduceLossOnAFixedBatch() {
        var generator = SeededGenerator(seed: 5)
        var network = LocationNetwork(generator: &generator)
        let canvases = randomCanvases(8, generator: &generator)
        let previous = Tensor.randomNormal([8, 2], using: &generator), starts = Tensor.randomNormal([8, 2], using: &generator)
        var adam = Adam(learningRate: 1e-3)
        func loss() -> Double {
            var pass = ForwardPass.evaluation
            return network.losses(canvases: canvases, previous: previous, starts: starts, pass: &pass).mean().scalar
        }
        let before = loss()
        let runningMean = network.stateDictionary["features.0.1.running_mean"]
        for _ in 0..<20 {
            let pass = ForwardPass.training(generator.split())
            network.trainingStep(optimizer: &adam) { tracked in
                var pass = pass
                tracked.dropout = (0, 0, 0)
                return tracked.losses(canvases: canvases, previous: previous, starts: starts, pass: &pass).mean()
            }
        }
        #expect(network.stateDictionary["features.0.1.running_mean"] != runningMean, "batch-norm statistics are kept")
        #expect(loss() < before - 0.1)
    }
}
