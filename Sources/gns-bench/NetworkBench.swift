import Arguments
import CharacterModel
import Foundation
import Neural
import Random
import Tensors

/// `gns-bench networks`: the type prior's training steps, batch-1 sampling and scoring, on the shapes the
/// issue quotes for the paper's PyTorch code (2 threads: stroke step 64 strokes x 8 offsets 424 ms, one
/// 10-offset stroke sampled 6.5 ms, a 3-stroke character scored 9.2 ms), and with `--compare` next to the
/// same networks and workloads written in PyTorch (`Benchmarks/network_bench.py`).
enum NetworkBench {
    static let command = Subcommand(
        CommandSpec(
            name: "networks",
            summary: "Time training steps of the three type-prior networks, batch-1 stroke sampling and type scoring.",
            options: [.value("repeats", "N", help: "Timed repetitions per measurement (training steps use a fifth).", default: "50"),
                      .value("only", "TEXT", help: "Run only the rows whose label contains TEXT (e.g. 'stroke step', 'sample', 'score')."),
                      .flag("compare", help: "Also run Benchmarks/network_bench.py (the same networks and workloads in PyTorch) and print GNS/PyTorch ratios."),
                      .value("pytorch", "FILE", help: "Compare against timings saved by 'python3 Benchmarks/network_bench.py --json > FILE'."),
                      .value("pytorch-threads", "N", help: "torch.set_num_threads for --compare.", default: "2")]
        )
    ) { arguments in
        let repeats = max(try arguments.int("repeats") ?? 50, 1)
        let only = arguments.string("only")
        let threads = max(try arguments.int("pytorch-threads") ?? 2, 1)
        var pytorch: [String: Double]?, pytorchSource = ""
        if let path = arguments.string("pytorch") {
            pytorch = try PyTorchScript.load(path)
            pytorchSource = path
        } else if arguments.flag("compare") {
            // Run before the GNS rows, never alongside them: both use the two cores.
            let script = PyTorchScript(relativePath: "Benchmarks/network_bench.py")
            do {
                pytorch = try script.run(arguments: ["--repeats", "\(repeats)", "--threads", "\(threads)"] + (only.map { ["--only", $0] } ?? []))
                pytorchSource = "\(script.relativePath), torch.set_num_threads(\(threads))"
            } catch {
                print("PyTorch comparison skipped: \(error). The GNS rows follow.")
            }
        }
        var bench = Fixture()
        let steps = max(repeats / 5, 3)
        print("type-prior networks; training steps at batch \(Fixture.batch) are medians of \(steps) (forward, backward, Adam),"
              + " batch-1 evaluation rows medians of \(repeats):")
        BenchTimer.printMachine()
        print(header(comparing: pytorch != nil))
        for row in bench.rows() where only.map(row.label.contains) ?? true {
            report(row, RenderBench.timings(row.isTrainingStep ? steps : repeats, row.body), pytorch: pytorch)
            for part in row.parts {
                let (min, median) = RenderBench.timings(repeats, part.body)
                print("    of which " + part.label + String(format: ": %.3f ms (min %.3f)", median * 1e3, min * 1e3))
            }
        }
        if bench.sink.isNaN { print("(non-finite result)") }
        print("paper's code: the figures the issue quotes for the paper's own PyTorch code (2 threads).")
        if pytorch != nil {
            print("PyTorch: \(pytorchSource): the same architectures and workloads; its score row times the networks only,"
                  + " on random partial canvases.")
        }
        return 0
    }

    /// One timed measurement.
    struct Row {
        let label: String
        let isTrainingStep: Bool
        /// The paper's PyTorch code's time for the same work on this machine, when the issue quotes one.
        let paperCode: Double?
        /// Examples per call and their unit, for a throughput column.
        let items: (count: Int, unit: String)?
        let body: () -> Void
        /// Parts of `body` timed on their own, to show where its time goes.
        var parts: [(label: String, body: () -> Void)] = []
    }

    /// Random canvases, points and offsets of the benchmark shapes, and fresh networks.
    final class Fixture {
        static let batch = 64
        var generator = SeededGenerator(seed: 1)
        var networks = TypePriorNetworks(seed: 1)
        let canvases: Tensor, points: Tensor, stops: Tensor
        let offsets: [[SIMD2<Float>]]
        /// Keep results so the optimizer cannot drop the work.
        var sink = 0.0, lastStarted: StrokeNetwork.Evaluator.State?

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
            let scorer = TypePriorScorer(networks)
            let strokeEvaluator = scorer.stroke
            let startedStroke = strokeEvaluator.begin(canvas: canvas, start: [0.1, -0.2])
            let splines: [[SIMD2<Double>]] = [
                [[20, -20], [35, -25], [50, -45], [70, -50]],
                [[30, -60], [50, -50], [75, -57]],
                [[70, -25], [67, -45], [75, -65], [60, -80], [68, -87]],
            ]
            // Scoring in batches (as `gns nll` does): the score row's character moved by up to 15 pixels.
            let batchedTypes = (0..<16).map { i in splines.map { $0.map { $0 + SIMD2(Double(i), -Double(i)) } } }
            // The score row's parts: its canvases before and after each stroke, start points and offsets.
            let partial = TypePriorNetworks.partialCanvases(splines)
            let scoredCanvases = (before: Tensor(shape: [3, 1, 28, 28], scalars: partial.prefix(3).flatMap { $0 }),
                                  after: Tensor(shape: [3, 1, 28, 28], scalars: partial.dropFirst().flatMap { $0 }))
            let scoredPoints = points.sliced(axis: 0, 0..<3)
            let scoredOffsets = splines.map { spline in
                (1..<spline.count).map { SIMD2<Float>((spline[$0] - spline[$0 - 1]) / NetworkSpace.scale) }
            }
            let begunScoring = strokeEvaluator.beginScoring(canvases: scoredCanvases.before, starts: scoredPoints, offsets: scoredOffsets)
            return [
                Row(label: "stroke step, 64 strokes x 8 offsets", isTrainingStep: true, paperCode: 0.424, items: (Self.batch, "strokes")) { [self] in
                    var pass = ForwardPass.training(generator.split())
                    networks.stroke.trainingStep(optimizer: &adam.stroke) { net in
                        net.losses(canvases: canvases, starts: points, offsets: offsets, pass: &pass).meanPerStroke
                    }
                },
                Row(label: "location step, 64 canvases", isTrainingStep: true, paperCode: nil, items: (Self.batch, "examples")) { [self] in
                    var pass = ForwardPass.training(generator.split())
                    networks.location.trainingStep(optimizer: &adam.location) { net in
                        net.losses(canvases: canvases, previous: points, starts: points, pass: &pass).mean()
                    }
                },
                Row(label: "termination step, 64 canvases", isTrainingStep: true, paperCode: nil, items: (Self.batch, "examples")) { [self] in
                    var pass = ForwardPass.training(generator.split())
                    networks.termination.trainingStep(optimizer: &adam.termination) { net in
                        net.losses(canvases: canvases, stops: stops, pass: &pass).mean()
                    }
                },
                Row(label: "sample one 10-offset stroke (batch 1)", isTrainingStep: false, paperCode: 0.0065, items: nil,
                    body: { [self] in
                        var state = strokeEvaluator.begin(canvas: canvas, start: [0.1, -0.2])
                        var previous = SIMD2<Double>.zero
                        for _ in 0..<10 {
                            let (mixture, stop) = strokeEvaluator.step(&state, previousOffset: previous)
                            previous = mixture.means[0]
                            sink += stop
                        }
                    },
                    parts: [
                        ("beginning it (canvas CNN, attention projection, initial state)", { [self] in
                            lastStarted = strokeEvaluator.begin(canvas: canvas, start: [0.1, -0.2])
                        }),
                        ("one step", { [self] in
                            var state = startedStroke
                            sink += strokeEvaluator.step(&state, previousOffset: [0.1, 0.1]).stopProbability
                        }),
                    ]),
                Row(label: "score a 3-stroke character (type prior)", isTrainingStep: false, paperCode: 0.0092, items: nil,
                    body: { [self] in sink += scorer.negativeLogLikelihood(splines: splines).total },
                    parts: [("rendering the 4 partial canvases (not in the PyTorch row)", { [self] in
                        sink += Double(TypePriorNetworks.partialCanvases(splines)[3][400])
                    }),
                    ("the location net on 3 canvases (the first, blank, one precomputed)", { [self] in
                        sink += Double(scorer.location.losses(canvases: scoredCanvases.before, previous: scoredPoints,
                                                              starts: scoredPoints).scalars[0])
                    }),
                    ("the stroke net on 3 strokes", { [self] in
                        sink += Double(strokeEvaluator.losses(canvases: scoredCanvases.before, starts: scoredPoints,
                                                              offsets: scoredOffsets).offsets.scalars[0])
                    }),
                    ("beginning the 3 strokes (part of the stroke net; the blank canvas precomputed)", { [self] in
                        sink += Double(strokeEvaluator.begin(canvases: scoredCanvases.before, starts: scoredPoints).strokes)
                    }),
                    ("stepping the 3 strokes in lockstep (the rest of the stroke net)", { [self] in
                        sink += Double(strokeEvaluator.losses(begunScoring).offsets.scalars[0])
                    }),
                    ("the termination net on 3 canvases", { [self] in
                        var pass = ForwardPass.evaluation
                        sink += Double(networks.termination.losses(canvases: scoredCanvases.after, stops: stops.sliced(axis: 0, 0..<3),
                                                                   pass: &pass).scalars[0])
                    })]),
                Row(label: "score 16 3-stroke characters together", isTrainingStep: false, paperCode: nil,
                    items: (batchedTypes.count, "characters"),
                    body: { [self] in sink += scorer.negativeLogLikelihoods(of: batchedTypes, batchSize: batchedTypes.count)[0].total }),
            ]
        }
    }

    /// The column titles, with the PyTorch columns when `comparing`.
    private static func header(comparing: Bool) -> String {
        "  " + "row".padding(toLength: 42, withPad: " ", startingAt: 0) + "     GNS ms     min ms          per second "
            + (comparing ? "  PyTorch ms  GNS/PyTorch" : "") + "  paper's code ms"
    }

    /// One table line: median and minimum; throughput and ratios use the median. `pytorch` is the script's
    /// timings when comparing (a row it lacks shows dashes).
    private static func report(_ row: Row, _ timings: (min: Double, median: Double), pytorch: [String: Double]?) {
        let seconds = timings.median
        var line = "  " + row.label.padding(toLength: max(42, row.label.count), withPad: " ", startingAt: 0)
            + String(format: " %10.2f %10.2f", seconds * 1e3, timings.min * 1e3)
        if let (count, unit) = row.items {
            line += String(format: " %9.0f ", Double(count) / seconds) + (unit + "/s").padding(toLength: 10, withPad: " ", startingAt: 0)
        } else {
            line += String(repeating: " ", count: 21)
        }
        if let pytorch {
            line += pytorch[row.label].map { String(format: " %11.2f %12.2f", $0 * 1e3, seconds / $0) } ?? "           -            -"
        }
        line += row.paperCode.map { String(format: " %16.1f", $0 * 1e3) } ?? "                -"
        print(line)
    }
}
