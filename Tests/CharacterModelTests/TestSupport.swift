import Foundation
@testable import CharacterModel
import Inference
import Language
import Random
import Render

/// Shared helpers: the shipped programs, models built from them, and independent log-densities.
enum TestSupport {
    /// The repository's character programs, `Programs/characters/`.
    static let programs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Programs/characters").path

    /// The function `name` of `Programs/characters/<file>` with the rendering builtins.
    static func model(_ name: String, in file: String, builtins: BuiltinRegistry = .withCharacterRendering()) throws -> Model {
        try CharacterPrograms.model(name, in: file, directory: programs, builtins: builtins)
    }

    /// A `.gns` snippet's function `name`, resolved against `builtins`.
    static func snippet(_ source: String, _ name: String, builtins: BuiltinRegistry = .withCharacterRendering()) throws -> Model {
        let interpreter = Interpreter(program: try Program(source: source, fileName: "snippet.gns", builtins: builtins), output: { _ in })
        var generator = SeededGenerator(seed: 0)
        try interpreter.run(generator: &generator)
        return Model(interpreter: interpreter, function: try interpreter.global(named: name))
    }

    /// The message of the error running `source`'s top level throws, or nil if it runs.
    static func runError(_ source: String, builtins: BuiltinRegistry = .withCharacterRendering()) -> String? {
        do {
            let interpreter = Interpreter(program: try Program(source: source, fileName: "snippet.gns", builtins: builtins), output: { _ in })
            var generator = SeededGenerator(seed: 0)
            try interpreter.run(generator: &generator)
            return nil
        } catch {
            return "\(error)"
        }
    }

    /// A two-stroke type in motor space (an "L" and a short bar), control points absolute.
    static let type: [[SIMD2<Double>]] = [
        [[30, -20], [31, -45], [32, -70], [45, -75], [60, -76]],
        [[55, -30], [70, -31], [80, -33]],
    ]

    /// A type as the `.gns` list value `[[[x, y], ...], ...]`.
    static func value(_ strokes: [[SIMD2<Double>]]) -> Value {
        .list(strokes.map { .list($0.map { .list([.number($0.x), .number($0.y)]) }) })
    }

    /// A point read back from a `[x, y]` value.
    static func point(_ value: Value?) -> SIMD2<Double>? {
        guard case let .list(xs)? = value, xs.count == 2, let x = xs[0].numberValue, let y = xs[1].numberValue else { return nil }
        return SIMD2(x, y)
    }

    /// log N(x; mean, sd²).
    static func logNormal(_ x: Double, _ mean: Double, _ sd: Double) -> Double {
        let z = (x - mean) / sd
        return -0.5 * z * z - log(sd) - 0.5 * log(2 * Double.pi)
    }

    /// log N(x; mean, Σ) for a 2x2 covariance, by the explicit inverse and determinant.
    static func logNormal2(_ x: SIMD2<Double>, mean: SIMD2<Double>, covariance c: (Double, Double, Double)) -> Double {
        let (a, b, d) = c   // [[a, b], [b, d]]
        let determinant = a * d - b * b
        let r = x - mean
        let quadratic = (d * r.x * r.x - 2 * b * r.x * r.y + a * r.y * r.y) / determinant
        return -0.5 * quadratic - 0.5 * log(determinant) - log(2 * Double.pi)
    }

    /// The Bernoulli log-likelihood of `image` under `probabilities`, pixel by pixel (clamped away from 0 and 1
    /// as the renderer's likelihood is not: callers compare only where probabilities are inside (0, 1)).
    static func bernoulliLogLikelihood(_ image: [Float], _ probabilities: [Float]) -> Double {
        zip(image, probabilities).reduce(0.0) { total, pair in
            let p = Double(pair.1)
            return total + (pair.0 > 0.5 ? log(p) : log(1 - p))
        }
    }
}
