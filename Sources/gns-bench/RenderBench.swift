import Arguments
import Foundation
import Render

/// `gns-bench render`: minimum and median wall time of the renderer on one three-stroke character.
enum RenderBench {
    static let command = Subcommand(
        CommandSpec(
            name: "render",
            summary: "Time render, render + Bernoulli log-likelihood, and render + log-likelihood + gradient of a 3-stroke character.",
            options: [.value("repeats", "N", help: "Timed calls per measurement.", default: "2000")]
        )
    ) { arguments in
        let repeats = try arguments.int("repeats") ?? 2000
        guard repeats > 0 else {
            print("gns-bench render: --repeats must be positive, got \(repeats)")
            return 2
        }
        let token = RenderToken(
            strokes: [
                RenderStroke(start: [20, -20], controlPoints: [[0, 0], [15, -5], [30, -25], [50, -30]]),
                RenderStroke(start: [30, -60], controlPoints: [[0, 0], [20, 10.3], [45, 3]]),
                RenderStroke(start: [70, -25], controlPoints: [[0, 0], [-3, -20], [5, -40], [-10, -55], [-2, -62]]),
            ],
            scale: [1.08, 0.93], translation: [1.3, -2.1], blurSigma: 1.5, epsilon: 0.05)
        let renderer = Renderer()
        var shifted = token
        shifted.translation += [1.7, 0.6]
        let image = try BinaryImage(pixels: renderer.probabilities(shifted).map { $0 > 0.4 })
        var probabilities = [Float](), gradient = RenderGradient(), sink = 0.0
        let renderOnly = timings(repeats) {
            renderer.probabilities(token, into: &probabilities)
            sink += Double(probabilities[5000])
        }
        let withLikelihood = timings(repeats) { sink += renderer.logLikelihood(token, image: image) }
        let withGradient = timings(repeats) {
            sink += renderer.logLikelihood(token, image: image, gradient: &gradient)
        }
        print("renderer, 3 strokes (4/3/5 control points), sigma 1.5, epsilon 0.05, \(repeats) calls (min / median):")
        for (label, time) in [("render (105x105 probabilities)     ", renderOnly),
                              ("render + Bernoulli log-likelihood  ", withLikelihood),
                              ("render + log-likelihood + gradient ", withGradient)] {
            print("  " + label + String(format: "%8.1f / %8.1f us", time.min * 1e6, time.median * 1e6))
        }
        if sink.isNaN { print("(sink \(sink))") }
        return 0
    }

    /// Minimum and median seconds per call of `body` over `repeats` calls (after a warm-up); on a shared
    /// machine the minimum is the less load-dependent of the two.
    static func timings(_ repeats: Int, _ body: () -> Void) -> (min: Double, median: Double) {
        for _ in 0..<min(100, repeats) { body() }
        var times: [Double] = []
        times.reserveCapacity(repeats)
        for _ in 0..<repeats {
            let start = DispatchTime.now().uptimeNanoseconds
            body()
            times.append(Double(DispatchTime.now().uptimeNanoseconds - start) * 1e-9)
        }
        times.sort()
        return (times[0], times[times.count / 2])
    }
}
