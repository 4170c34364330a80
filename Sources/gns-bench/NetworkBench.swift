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
            options: [.value("repeats", "N", help: "Timed repetitions per measurement (training steps use a fifth).", default: "50"),
                      .value("only", "TEXT", help: "Run only the rows whose label contains TEXT (e.g. 'stroke step', 'sample', 'score').")]
        )
    ) { arguments in
        let repeats = max(try arguments.int("repeats") ?? 50, 1)
        let only = arguments.string("only")
        var bench = Fixture()
        let steps = max(repeats / 5, 3)
        print("type-prior networks; training steps at batch \(Fixture.batch) are medians of \(steps) (forward, backward, Adam),"
              + " batch-1 evaluation rows medians of \(repeats):")
        for row in bench.rows() where only.map(row.label.contains) ?? true {
            let seconds = RenderBench.median(row.isTrainingStep ? steps : repeats, row.body)
            report(row, seconds)
        }
        if bench.sink.isNaN { print("(non-finite result)") }
        return 0
    }

    /// One timed measurement.
    struct Row {
        let label: String
        let isTrainingStep: Bool
        /// PyTorch's time for the same work on this machine, when the issue quotes one.
        let reference: Double?
        /// Examples per call and their unit, for a throughput column.
        let items: (count: Int, unit: String)?
        let body: () -> Void
    }

    /// Random canvases, points and offsets of the benchmark shapes, and fresh networks.
    final class Fixture {
        static let batch = 64
        var generator = SeededGenerator(seed: 1)
        var networks = TypePriorNetworks(seed: 1)
        let canvases: Tensor, points: Tensor, stops: Tensor
        let offsets: [[SIMD2<Float>]]
        /// Accumulates results so the optimizer cannot drop the work.
        var sink = 0.0

        init() {
            let batch = Self.batch
            var generator = SeededGenerator(seed: 2)
            canvases = Tensor(shape: [batch, 1, 28, 28], scalars: (0..<(batch * 784)).map { _ in
                generator.nextUniform(in: 0..<1) < 0.1 ? Float(generator.nextUniform(in: 0..<1)) : 0
            })
            points = Tensor.randomNormal([batch, 2], using: &generator)
            offsets = (0..<batch).map { _ in (0..<8).map { _ in SIMD2(Float(generator.nextNormal() * 0.3), Float(generator.nextNormal() * 0.3)) } }
            stops = Tensor(shape: [batch], scalars: (0..<batch).map { Float($0 % 3 == 0 ? 1 : 0) })
        }

        func rows() -> [Row] {
            var adam = (stroke: Adam(), location: Adam(), termination: Adam())
            let canvas = Array(canvases.scalars[0..<784])
            let singleStroke = StrokeNetwork.SingleStroke(networks.stroke)
            let splines: [[SIMD2<Double>]] = [
                [[20, -20], [35, -25], [50, -45], [70, -50]],
                [[30, -60], [50, -50], [75, -57]],
                [[70, -25], [67, -45], [75, -65], [60, -80], [68, -87]],
            ]
            return [
                Row(label: "stroke step, 64 strokes x 8 offsets", isTrainingStep: true, reference: 0.424, items: (Self.batch, "strokes")) { [self] in
                    var pass = ForwardPass.training(generator.split())
                    networks.stroke.trainingStep(optimizer: &adam.stroke) { net in
                        net.losses(canvases: canvases, starts: points, offsets: offsets, pass: &pass).meanPerStroke
                    }
                },
                Row(label: "location step, 64 canvases", isTrainingStep: true, reference: nil, items: (Self.batch, "examples")) { [self] in
                    var pass = ForwardPass.training(generator.split())
                    networks.location.trainingStep(optimizer: &adam.location) { net in
                        net.losses(canvases: canvases, previous: points, starts: points, pass: &pass).mean()
                    }
                },
                Row(label: "termination step, 64 canvases", isTrainingStep: true, reference: nil, items: (Self.batch, "examples")) { [self] in
                    var pass = ForwardPass.training(generator.split())
                    networks.termination.trainingStep(optimizer: &adam.termination) { net in
                        net.losses(canvases: canvases, stops: stops, pass: &pass).mean()
                    }
                },
                Row(label: "sample one 10-offset stroke (batch 1)", isTrainingStep: false, reference: 0.0065, items: nil) { [self] in
                    var state = singleStroke.begin(canvas: canvas, start: [0.1, -0.2])
                    var previous = SIMD2<Double>.zero
                    for _ in 0..<10 {
                        let (mixture, stop) = singleStroke.step(&state, previousOffset: previous)
                        previous = mixture.means[0]
                        sink += stop
                    }
                },
                Row(label: "score a 3-stroke character (type prior)", isTrainingStep: false, reference: 0.0092, items: nil) { [self] in
                    sink += networks.negativeLogLikelihood(splines: splines).total
                },
            ]
        }
    }

    private static func report(_ row: Row, _ seconds: Double) {
        var line = "  " + row.label.padding(toLength: max(42, row.label.count), withPad: " ", startingAt: 0)
            + String(format: " %9.2f ms", seconds * 1e3)
        if let (count, unit) = row.items { line += String(format: "  %7.0f %@/s", Double(count) / seconds, unit) }
        if let reference = row.reference { line += String(format: "  (PyTorch reference %.1f ms, ratio %.2f)", reference * 1e3, seconds / reference) }
        print(line)
    }
}
