import Arguments
import CharacterModel
import Foundation
import Neural
import Random
import Tensors

/// `gns-bench networks`: the type prior's training steps, batch-1 sampling and scoring, on the shapes the
/// issue quotes for the paper's PyTorch code (2 threads: stroke step 64 strokes x 8 offsets 424 ms, one
/// 10-offset stroke sampled 6.5 ms, a 3-stroke character scored 9.2 ms).
enum NetworkBench {
    static let command = Subcommand(
        CommandSpec(
            name: "networks",
            summary: "Time training steps of the three type-prior networks, batch-1 stroke sampling and type scoring.",
            options: [.value("repeats", "N", help: "Timed repetitions per measurement (training steps use a fifth).", default: "50")]
        )
    ) { arguments in
        let repeats = max(try arguments.int("repeats") ?? 50, 1)
        var generator = SeededGenerator(seed: 1)
        var networks = TypePriorNetworks(seed: 1)
        let batch = 64
        let canvases = Tensor(shape: [batch, 1, 28, 28], scalars: (0..<(batch * 784)).map { _ in
            generator.nextUniform(in: 0..<1) < 0.1 ? Float(generator.nextUniform(in: 0..<1)) : 0
        })
        let points = Tensor.randomNormal([batch, 2], using: &generator)
        let offsets = (0..<batch).map { _ in (0..<8).map { _ in SIMD2(Float(generator.nextNormal() * 0.3), Float(generator.nextNormal() * 0.3)) } }
        let stops = Tensor(shape: [batch], scalars: (0..<batch).map { Float($0 % 3 == 0 ? 1 : 0) })
        var adam = Adam()
        let steps = max(repeats / 5, 3)
        print("type-prior networks, batch \(batch), median of \(steps) training steps (forward, backward, Adam):")
        let strokeStep = RenderBench.median(steps) {
            var pass = ForwardPass.training(generator.split())
            networks.stroke.trainingStep(optimizer: &adam) { net in
                net.losses(canvases: canvases, starts: points, offsets: offsets, pass: &pass).meanPerStroke
            }
        }
        report("stroke step, 64 strokes x 8 offsets", strokeStep, reference: 0.424, items: batch, unit: "strokes")
        adam = Adam()
        let locationStep = RenderBench.median(steps) {
            var pass = ForwardPass.training(generator.split())
            networks.location.trainingStep(optimizer: &adam) { net in
                net.losses(canvases: canvases, previous: points, starts: points, pass: &pass).mean()
            }
        }
        report("location step, 64 canvases", locationStep, reference: nil, items: batch, unit: "examples")
        adam = Adam()
        let terminationStep = RenderBench.median(steps) {
            var pass = ForwardPass.training(generator.split())
            networks.termination.trainingStep(optimizer: &adam) { net in
                net.losses(canvases: canvases, stops: stops, pass: &pass).mean()
            }
        }
        report("termination step, 64 canvases", terminationStep, reference: nil, items: batch, unit: "examples")

        print("batch 1, evaluation mode, median of \(repeats):")
        let canvas = Array(canvases.scalars[0..<784])
        var sink = 0.0
        let sampling = RenderBench.median(repeats) {
            var state = networks.stroke.begin(canvas: canvas, start: [0.1, -0.2])
            var previous = SIMD2<Double>.zero
            for _ in 0..<10 {
                let (mixture, stop) = networks.stroke.step(&state, previousOffset: previous)
                previous = mixture.means[0]
                sink += stop
            }
        }
        report("sample one 10-offset stroke", sampling, reference: 0.0065, items: nil, unit: "")
        let splines: [[SIMD2<Double>]] = [
            [[20, -20], [35, -25], [50, -45], [70, -50]],
            [[30, -60], [50, -50], [75, -57]],
            [[70, -25], [67, -45], [75, -65], [60, -80], [68, -87]],
        ]
        let scoring = RenderBench.median(repeats) { sink += networks.negativeLogLikelihood(splines: splines).total }
        report("score a 3-stroke character (type prior)", scoring, reference: 0.0092, items: nil, unit: "")
        if sink.isNaN { print("(non-finite result)") }
        return 0
    }

    private static func report(_ label: String, _ seconds: Double, reference: Double?, items: Int?, unit: String) {
        var line = "  " + label.padding(toLength: max(42, label.count), withPad: " ", startingAt: 0)
            + String(format: " %9.2f ms", seconds * 1e3)
        if let items { line += String(format: "  %7.0f %@/s", Double(items) / seconds, unit) }
        if let reference { line += String(format: "  (PyTorch reference %.1f ms, ratio %.2f)", reference * 1e3, seconds / reference) }
        print(line)
    }
}
