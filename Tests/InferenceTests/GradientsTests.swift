import Foundation
import Testing
@testable import Inference
import Language
import Random

/// `gradients` (reverse mode on the tape, through the interpreter's tracked arithmetic) against central
/// differences of `assess` (plain double-precision re-execution), on a model whose score reaches its
/// continuous choices through every kind of language operation and the differentiable distribution families.
@Suite struct GradientsTests {
    /// Four continuous choices feeding arithmetic (+ - * / **, a tracked exponent too), exp, log, sqrt, tanh,
    /// sigmoid, user functions, list literals and indexing, record fields, an `if` on a choice, and the
    /// log-densities of normal, gamma, beta, mvnormal and gmm2 with tracked parameters and values.
    static let source = """
    def bend(x, y) { return x * y - x / (1 + y * y) }
    def twist(x, y) { return bend(y, x) ** 2 }

    def chain(ys) {
      let a = sample("a", normal(0.3, 1.2))
      let b = sample("b", gamma(2.5, 0.8))
      let c = sample("c", beta(2, 3))
      let d = sample("d", normal(a * b - 0.2, sqrt(b) + 0.5))
      let r = {scale: exp(0.3 * a) + b, shift: [a - c, tanh(d), sigmoid(a * c)]}
      let s = r.shift[1] + r.scale ** 1.5 - log(b + c) / 2 + b ** c
      if d > 0 {
        s = s + bend(a, c)
      } else {
        s = s - twist(c, b)
      }
      observe("y0", normal(s, 0.7), ys[0])
      observe("y1", gamma(1 + c * 2, exp(-a * 0.5) + 0.1), ys[1])
      observe("y2", beta(1 + b, 1 + sigmoid(d) * 3), ys[2])
      observe("pt", mvnormal([a, r.shift[0] * b], [0.5 + c, 1 + b * b]), [ys[3], ys[4]])
      observe("g", gmm2([c, 1 - c], [[a, 0], [0, b]], [[1, 0.5 + c], [0.8, 1]], [0.2 * tanh(a), 0]), [0.3, -0.2])
      return s
    }
    """

    static let data: [Value] = [.list([2.1, 1.3, 0.4, -0.3, 0.8].map(Value.number))]
    static let addresses: [Address] = ["a", "b", "c", "d"]

    /// Two points, one taking each branch of the `if` (d well away from 0, so no step crosses it).
    @Test(arguments: [[0.4, 1.7, 0.35, 0.9], [-0.6, 0.9, 0.6, -0.8]])
    func tapeGradientsMatchCentralDifferencesOfAssess(point: [Double]) throws {
        let model = try TestModels.model(Self.source, "chain")
        let choices = { (values: [Double]) in ChoiceMap(Dictionary(uniqueKeysWithValues: zip(Self.addresses, values.map(Value.number)))) }
        var generator = SeededGenerator(seed: 1)
        let trace = try model.generate(Self.data, constraints: choices(point), using: &generator).trace
        let gradient = try model.gradients(trace, selection: Selection(Self.addresses))
        #expect(gradient.map(\.address) == Self.addresses)

        // Central differences in double precision: truncation error h²|f'''|/6 and rounding error ε|f|/h
        // (ε = 2.2e-16, |f| ≈ 20) are both below 1e-8 at h = 1e-5, so `numeric` is exact to far better than
        // the tape. The tape computes in single precision (unit roundoff 6e-8); over the ~100 operations
        // between a choice and the score, with intermediate partials of magnitude up to ~10, its error is
        // bounded by ~6e-5 (seen: at most 3e-6). A tolerance of 1e-4 (1 + |derivative|) holds that bound and
        // still fails for any missing or wrong partial, which changes a derivative by 1e-2 or more.
        let h = 1e-5
        for (index, entry) in gradient.enumerated() {
            var up = point, down = point
            up[index] += h
            down[index] -= h
            let numeric = (try model.assess(Self.data, choices: choices(up)).logProbability
                - model.assess(Self.data, choices: choices(down)).logProbability) / (2 * h)
            #expect(abs(entry.derivative.numberValue! - numeric) <= 1e-4 * (1 + abs(numeric)),
                    "d score / d \(entry.address): tape \(entry.derivative), central difference \(numeric)")
        }
    }
}
