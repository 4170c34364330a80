import Distributions
import Foundation
import Random
import Tensors
import Testing
@testable import Language

/// The math builtins: values against Foundation, and gradients (through the tape) against finite differences.
@Suite struct MathBuiltinsTests {
    /// Calls `.gns` function `f` of the program `source` on `x` as a tape variable: the value and d/dx.
    func valueAndDerivative(_ source: String, at x: Double) throws -> (value: Double, derivative: Double) {
        let interpreter = Interpreter(program: try Program(source: source, fileName: "m.gns"), output: { _ in })
        var generator = SeededGenerator(seed: 1)
        try interpreter.run(generator: &generator)
        let tape = Tape()
        let variable = tape.variable(x)
        let result = try interpreter.call(try interpreter.global(named: "f"), arguments: [.tracked(variable)],
                                          mode: UntracedMode(), generator: &generator)
        guard case let .tracked(output) = result else { throw BuiltinError("f did not return a tracked number: \(result)") }
        return (output.scalar, tape.gradients(of: output)[variable].scalar)
    }

    func value(_ expression: String) throws -> Double {
        let printed = try output(of: "print(\(expression))")
        return try #require(Double(printed[0]))
    }

    @Test func valuesMatchFoundation() throws {
        let x = 0.3
        let expected: [(String, Double)] = [
            ("tan", tan(x)), ("atan", atan(x)), ("lgamma", lgamma(x)), ("log1p", log1p(x)), ("expm1", expm1(x)),
            ("logit", log(x / (1 - x))), ("inv_logit", 1 / (1 + exp(-x))),
        ]
        for (name, reference) in expected {
            #expect(abs(try value("\(name)(\(x))") - reference) <= 1e-15 * max(1, abs(reference)), "\(name)")
        }
        // log1p and expm1 keep the precision that log(1 + x) and exp(x) - 1 lose for tiny x (relative error ~1e-4 here).
        #expect(abs(try value("log1p(1e-12)") - 1e-12) < 1e-24)
        #expect(abs(try value("expm1(1e-12)") - 1e-12) < 1e-24)
        #expect(try value("inv_logit(logit(0.999))").isApproximatelyEqual(to: 0.999, tolerance: 1e-14))
    }

    @Test func derivativesMatchFiniteDifferences() throws {
        // Tracked arithmetic runs in single precision: agreement to 1e-3 relative.
        let functions: [(String, Double, (Double) -> Double)] = [
            ("tan", 0.4, tan), ("atan", 1.3, atan), ("lgamma", 2.7, lgamma), ("log1p", 0.6, log1p), ("expm1", 0.8, expm1),
            ("logit", 0.3, { log($0 / (1 - $0)) }), ("inv_logit", -0.7, { 1 / (1 + exp(-$0)) }),
            ("sin", 0.9, sin), ("cos", 0.9, cos),
        ]
        for (name, x, f) in functions {
            let (value, derivative) = try valueAndDerivative("def f(x) { return \(name)(x) }", at: x)
            let h = 1e-6
            let reference = (f(x + h) - f(x - h)) / (2 * h)
            #expect(abs(value - f(x)) <= 1e-6 * max(1, abs(f(x))), "\(name) value")
            #expect(abs(derivative - reference) <= 1e-3 * max(1, abs(reference)), "\(name)'(\(x)) = \(derivative), expected \(reference)")
        }
    }

    @Test func logSumExpIsStableAndDifferentiable() throws {
        #expect(try value("log_sum_exp([1000, 1000])") == 1000 + log(2))
        #expect(try value("log_sum_exp(-1000, -1000 + log(3))") == Special.logSumExp([-1000, -1000 + log(3)]))
        #expect(try value("log_sum_exp([-inf, -inf])") == -.infinity)
        #expect(try value("log_sum_exp(tensor([0, 0]))").isApproximatelyEqual(to: log(2), tolerance: 1e-6))
        // d/dx log(e^x + e^2) = e^x / (e^x + e^2).
        let (value, derivative) = try valueAndDerivative("def f(x) { return log_sum_exp([x, 2]) }", at: 0.5)
        #expect(abs(value - log(exp(0.5) + exp(2))) < 1e-6)
        #expect(abs(derivative - exp(0.5) / (exp(0.5) + exp(2))) < 1e-6)
        #expect(firstLine(ofFailure: "log_sum_exp([1, \"a\"])") == "t.gns:1:13: error: log_sum_exp: expects numbers, got a string")
    }

    @Test func sumsOfListsAccumulateInDoublePrecision() throws {
        // 10 000 + 1000 × 0.001 = 10 001. In single precision each 0.001 added to 10 000 rounds to 0.000977
        // (the spacing of Floats there), so a Float32 running sum ends near 10 000.977; in double precision
        // the one rounding of the total to Float is exact at 10 001.
        let source = """
        def f(x) {
          let xs = [x]
          for i in 0..1000 { xs = append(xs, 0.001) }
          return sum(xs)
        }
        """
        let (value, derivative) = try valueAndDerivative(source, at: 10_000)
        #expect(abs(value - 10_001) < 1e-3, "sum = \(value)")
        #expect(derivative == 1)
        let (mean, meanDerivative) = try valueAndDerivative(source.replacingOccurrences(of: "sum(xs)", with: "mean(xs)"), at: 10_000)
        #expect(abs(mean - 10_001.0 / 1001) < 1e-5)
        #expect(abs(meanDerivative - 1.0 / 1001) < 1e-9)
        // Untracked lists were already summed in double precision: 0.1 ten times is 1 - 1.1e-16, not 1.0000001.
        #expect(try output(of: "print(sum([0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1, 0.1]) == 0.9999999999999999)") == ["true"])
    }
}

extension Double {
    func isApproximatelyEqual(to other: Double, tolerance: Double) -> Bool { abs(self - other) <= tolerance * max(1, abs(other)) }
}
