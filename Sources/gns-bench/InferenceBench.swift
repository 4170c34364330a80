import Arguments
import Dispatch
import Foundation
import Inference
import Language
import Random

/// `gns-bench inference`: importance-sampling traces/s and MH steps/s on the regression-with-outliers model
/// (100 points) and the 3-state HMM (16 observations), and HMC steps/s on the plain linear regression
/// (`Examples/inference/linear_regression.gns`, the same 100 points): the models `Benchmarks/pyro_bench.py`
/// runs in Pyro.
enum InferenceBench {
    static let command = Subcommand(
        CommandSpec(
            name: "inference",
            summary: "Importance sampling and MH throughput on regression with outliers and an HMM (compare Benchmarks/pyro_bench.py).",
            options: [
                .value("examples", "DIR", help: "The Examples folder with regression_outliers.gns and hmm.gns.", default: "Examples"),
                .value("particles", "N", help: "Importance-sampling particles per timed run.", default: "20000"),
                .value("steps", "N", help: "MH steps per timed run.", default: "20000"),
                .value("hmc-steps", "N", help: "HMC iterations per timed run (step size 0.02, 10 leapfrog steps, no adaptation).",
                       default: "1000"),
            ]
        )
    ) { arguments in
        let folder = arguments.string("examples") ?? "Examples"
        let particles = try arguments.int("particles") ?? 20_000
        let steps = try arguments.int("steps") ?? 20_000
        let hmcSteps = try arguments.int("hmc-steps") ?? 1000
        guard particles >= 1, steps >= 1, hmcSteps >= 1 else {
            standardError("gns-bench inference: --particles, --steps and --hmc-steps must be positive")
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
            let linear = try Model.load(path: folder + "/inference/linear_regression.gns", function: "regression")
            try measureHMC("regression (100 points)", linear, [.list(xs.map(Value.number)), .list(ys.map(Value.number))],
                           steps: hmcSteps)
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

    /// HMC with a fixed step size 0.02 and 10 leapfrog steps, no adaptation, no burn-in (Pyro's settings in
    /// `pyro_bench.py`): iterations per second, each iteration 10 runs of the program with gradients.
    static func measureHMC(_ name: String, _ model: Model, _ arguments: [Value], steps: Int) throws {
        var generator = SeededGenerator(seed: 4)
        let constraints = ChoiceMap(["slope": .number(0.7), "intercept": .number(-1), "noise": .number(1)])
        let start = try model.generate(arguments, constraints: constraints, using: &generator).trace
        let settings = HMCSettings(steps: steps, burnIn: 0, stepSize: 0.02, leapfrogSteps: 10, adapt: false)
        let clock = DispatchTime.now()
        let chain = try model.hamiltonianMonteCarlo(start, selection: .all, settings: settings, using: &generator)
        let elapsed = seconds(since: clock)
        let name = name.padding(toLength: 24, withPad: " ", startingAt: 0)
        print("\(name) HMC         \(format(Double(steps) / elapsed)) steps/s   (acceptance "
              + String(format: "%.2f", chain.acceptanceRate) + ", 10 leapfrog steps, one chain)")
    }

    static func seconds(since start: DispatchTime) -> Double {
        Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
    }

    static func format(_ rate: Double) -> String { String(format: "%9.1f", rate) }
}
