import Arguments
import Dispatch
import Foundation
import Inference
import Language
import Random

/// `gns-bench inference`: importance-sampling traces/s and MH steps/s on the regression-with-outliers model
/// (100 points) and the 3-state HMM (16 observations), the models `Benchmarks/pyro_bench.py` runs in Pyro.
enum InferenceBench {
    static let command = Subcommand(
        CommandSpec(
            name: "inference",
            summary: "Importance sampling and MH throughput on regression with outliers and an HMM (compare Benchmarks/pyro_bench.py).",
            options: [
                .value("examples", "DIR", help: "The Examples folder with regression_outliers.gns and hmm.gns.", default: "Examples"),
                .value("particles", "N", help: "Importance-sampling particles per timed run.", default: "20000"),
                .value("steps", "N", help: "MH steps per timed run.", default: "20000"),
            ]
        )
    ) { arguments in
        let folder = arguments.string("examples") ?? "Examples"
        let particles = try arguments.int("particles") ?? 20_000
        let steps = try arguments.int("steps") ?? 20_000
        guard particles >= 1, steps >= 1 else {
            standardError("gns-bench inference: --particles and --steps must be positive")
            return 2
        }
        do {
            let regression = try Model.load(path: folder + "/regression_outliers.gns", function: "regression")
            let hmm = try Model.load(path: folder + "/hmm.gns", function: "hmm")
            let (xs, ys) = regressionData(count: 100)
            let hmmData: [Double] = [-2.1, -1.7, -2.4, 0.2, 0.1, -0.3, 2.2, 1.9, 2.5, 2.0, 0.1, -0.2, -2.0, -1.8, 0.3, 2.1]
            print("cores: \(ProcessInfo.processInfo.activeProcessorCount)")
            try measure("regression (100 points)", regression, [.list(xs.map(Value.number)), .list(ys.map(Value.number))],
                        moves: ["slope", "intercept", "noise"], particles: particles, steps: steps)
            try measure("HMM (3 states x 16)", hmm, [.list(hmmData.map(Value.number))],
                        moves: (0..<16).map { Address([.name("z"), .index($0)]) }, particles: particles, steps: steps)
            return 0
        } catch {
            standardError("\(error)")
            return 1
        }
    }

    /// 100 points on y = 0.7x - 1 with noise 0.5 and 10% outliers of scale 10, from a fixed seed.
    static func regressionData(count: Int) -> (xs: [Double], ys: [Double]) {
        var generator = SeededGenerator(seed: 7)
        let xs = (0..<count).map { -5 + 10 * Double($0) / Double(count - 1) }
        let ys = xs.map { x in
            0.7 * x - 1 + (generator.nextBernoulli(probability: 0.1) ? 10 : 0.5) * generator.nextNormal()
        }
        return (xs, ys)
    }

    static func measure(_ name: String, _ model: Model, _ arguments: [Value], moves: [Address],
                        particles: Int, steps: Int) throws {
        _ = try model.importanceSampling(arguments, particles: min(particles, 200), seed: 1) // warm-up
        var start = DispatchTime.now()
        let result = try model.importanceSampling(arguments, particles: particles, seed: 2)
        let importanceSeconds = seconds(since: start)
        let name = name.padding(toLength: 24, withPad: " ", startingAt: 0)
        print("\(name) importance  \(format(Double(particles) / importanceSeconds)) traces/s  (log evidence estimate "
              + String(format: "%.2f", result.logMarginalLikelihood) + ", both cores)")
        var generator = SeededGenerator(seed: 3)
        var trace = try model.simulate(arguments, using: &generator)
        let selections = moves.map { Selection([$0]) }
        var accepted = 0
        start = DispatchTime.now()
        for step in 0..<steps {
            let next = try model.metropolisHastings(trace, selection: selections[step % selections.count], using: &generator)
            trace = next.trace
            if next.accepted { accepted += 1 }
        }
        let mhSeconds = seconds(since: start)
        print("\(name) MH          \(format(Double(steps) / mhSeconds)) steps/s   (acceptance "
              + String(format: "%.2f", Double(accepted) / Double(steps)) + ", one chain)")
    }

    static func seconds(since start: DispatchTime) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }

    static func format(_ rate: Double) -> String { String(format: "%9.1f", rate) }
}
