import Foundation
import Testing
@testable import Inference
import Language
import Random

/// Builds models from `.gns` source or from the files in `Examples/`.
enum TestModels {
    /// The model `name` defined in `source` (its top level is run once, output discarded).
    static func model(_ source: String, _ name: String) throws -> Model {
        let program = try Program(source: source, fileName: "test.gns", builtins: .withInference)
        let interpreter = Interpreter(program: program, output: { _ in })
        var generator = SeededGenerator(seed: 0)
        try interpreter.run(generator: &generator)
        return Model(interpreter: interpreter, function: try interpreter.global(named: name))
    }

    /// The path of `Examples/<file>` in this repository.
    static func example(_ file: String) -> String {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Examples").appendingPathComponent(file).path
    }

    /// The model `name` from `Examples/<file>`.
    static func exampleModel(_ file: String, _ name: String) throws -> Model {
        try Model.load(path: example(file), function: name)
    }

    static let coinSource = """
    def coin(flips) {
      let p = sample("p", beta(2, 3))
      for i in 0..len(flips) {
        observe(("flip", i), bernoulli(p), flips[i])
      }
      return p
    }
    """

    static let normalSource = """
    def normal_mean(ys) {
      let mu = sample("mu", normal(1, 2))
      for i in 0..len(ys) {
        observe(("y", i), normal(mu, 0.5), ys[i])
      }
      return mu
    }
    """

    static let flips: [Bool] = [true, true, false, true, true, false, true]
    static let ys: [Double] = [1.2, 0.4, 2.1, 1.5, 0.9]

    static var flipValues: [Value] { [.list(flips.map(Value.bool))] }
    static var yValues: [Value] { [.list(ys.map(Value.number))] }
}

/// The standard error of log Ẑ for an importance-sampling estimate, by the delta method from the particle
/// weights themselves: sd(w) / (mean(w) √N).
func logEvidenceStandardError(_ logWeights: [Double]) -> Double {
    let largest = logWeights.max()!
    let weights = logWeights.map { exp($0 - largest) }
    let n = Double(weights.count)
    let mean = weights.reduce(0, +) / n
    let variance = weights.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
    return variance.squareRoot() / (mean * n.squareRoot())
}

/// Expects `mean(samples)` within 5 standard errors (sample sd / √n) of `exact`.
func expectMean(_ samples: [Double], _ exact: Double, _ label: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) {
    let n = Double(samples.count)
    let mean = samples.reduce(0, +) / n
    let sd = (samples.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)).squareRoot()
    #expect(abs(mean - exact) <= 5 * sd / n.squareRoot(), "\(label): \(mean) vs \(exact) (SE \(sd / n.squareRoot()))",
            sourceLocation: sourceLocation)
}
