import Distributions
import Foundation
import Random
import Tensors
import Testing
@testable import Language

/// The distribution builtins added for standard models: each maps its typed gradient onto the right arguments,
/// and checks its parameters at the call with file:line:col.
@Suite struct DistributionBuiltinsTests {
    /// A partial derivative to check: `call` with `X` standing for the tracked input (a parameter, or the value when
    /// `value` is nil), the value scored, and the log-density as a function of X computed by module Distributions.
    struct Case: Sendable {
        let call: String
        let x: Double
        let value: Value?
        let reference: @Sendable (Double) throws -> Double
    }

    static let cases: [Case] = [
        Case(call: "student_t(X, 0.5, 2)", x: 4, value: .number(1.3)) { try StudentT(degreesOfFreedom: $0, location: 0.5, scale: 2).logDensity(1.3) },
        Case(call: "student_t(4, X, 2)", x: 0.5, value: .number(1.3)) { try StudentT(degreesOfFreedom: 4, location: $0, scale: 2).logDensity(1.3) },
        Case(call: "student_t(4, 0.5, X)", x: 2, value: .number(1.3)) { try StudentT(degreesOfFreedom: 4, location: 0.5, scale: $0).logDensity(1.3) },
        Case(call: "student_t(4, 0.5, 2)", x: 1.3, value: nil) { try StudentT(degreesOfFreedom: 4, location: 0.5, scale: 2).logDensity($0) },
        Case(call: "cauchy(X, 0.7)", x: -0.2, value: .number(0.4)) { try Cauchy(location: $0, scale: 0.7).logDensity(0.4) },
        Case(call: "cauchy(-0.2, X)", x: 0.7, value: .number(0.4)) { try Cauchy(location: -0.2, scale: $0).logDensity(0.4) },
        Case(call: "cauchy(-0.2, 0.7)", x: 0.4, value: nil) { try Cauchy(location: -0.2, scale: 0.7).logDensity($0) },
        Case(call: "half_cauchy(X)", x: 1.5, value: .number(0.8)) { try HalfCauchy(scale: $0).logDensity(0.8) },
        Case(call: "half_cauchy(1.5)", x: 0.8, value: nil) { try HalfCauchy(scale: 1.5).logDensity($0) },
        Case(call: "lognormal(X, 0.6)", x: 0.1, value: .number(1.4)) { try LogNormal(logMean: $0, logStandardDeviation: 0.6).logDensity(1.4) },
        Case(call: "lognormal(0.1, X)", x: 0.6, value: .number(1.4)) { try LogNormal(logMean: 0.1, logStandardDeviation: $0).logDensity(1.4) },
        Case(call: "lognormal(0.1, 0.6)", x: 1.4, value: nil) { try LogNormal(logMean: 0.1, logStandardDeviation: 0.6).logDensity($0) },
        Case(call: "half_normal(X)", x: 1.2, value: .number(0.9)) { try HalfNormal(scale: $0).logDensity(0.9) },
        Case(call: "half_normal(1.2)", x: 0.9, value: nil) { try HalfNormal(scale: 1.2).logDensity($0) },
        Case(call: "exponential(X)", x: 0.8, value: .number(2.1)) { try Exponential(rate: $0).logDensity(2.1) },
        Case(call: "exponential(0.8)", x: 2.1, value: nil) { try Exponential(rate: 0.8).logDensity($0) },
        Case(call: "binomial(9, X)", x: 0.3, value: .number(4)) { try Binomial(trials: 9, probability: $0).logDensity(4) },
        Case(call: "binomial_logit(9, X)", x: -0.4, value: .number(4)) { try Binomial(trials: 9, logit: $0).logDensity(4) },
        Case(call: "bernoulli_logit(X)", x: 0.6, value: .bool(false)) { try Bernoulli(logit: $0).logDensity(false) },
        Case(call: "categorical_logit([0.2, X, -1])", x: 0.9, value: .number(1)) { try Categorical(logits: [0.2, $0, -1]).logDensity(1) },
        Case(call: "categorical_logit([0.2, X, -1])", x: 0.9, value: .number(2)) { try Categorical(logits: [0.2, $0, -1]).logDensity(2) },
    ]

    @Test func gradientsReachTheRightInput() throws {
        let site = SourceSpan(file: SourceFile(name: "m.gns", text: ""), line: 1, column: 1)
        for test in Self.cases {
            let interpreter = Interpreter(program: try Program(source: "def f(X) { return \(test.call) }", fileName: "m.gns"), output: { _ in })
            var generator = SeededGenerator(seed: 1)
            try interpreter.run(generator: &generator)
            let tape = Tape()
            let variable = tape.variable(test.x)
            let scored: Value = test.value ?? .tracked(variable)
            // The distribution is built from the tracked X when X is a parameter, from a plain X when it is the value.
            let argument: Value = test.value == nil ? .number(test.x) : .tracked(variable)
            guard case let .distribution(distribution) = try interpreter.call(try interpreter.global(named: "f"), arguments: [argument],
                                                                               mode: UntracedMode(), generator: &generator) else {
                Issue.record("\(test.call) is not a distribution")
                continue
            }
            guard case let .tracked(logDensity) = try distribution.differentiableLogDensity(scored, at: site) else {
                Issue.record("\(test.call): the log-density is not tracked")
                continue
            }
            let h = 1e-6
            let reference = (try test.reference(test.x + h) - test.reference(test.x - h)) / (2 * h)
            let derivative = tape.gradients(of: logDensity)[variable].scalar
            // The tape holds single-precision values: agreement to 1e-4 relative.
            #expect(abs(logDensity.scalar - (try test.reference(test.x))) < 1e-5 * max(1, abs(logDensity.scalar)), "\(test.call) value")
            #expect(abs(derivative - reference) <= 1e-4 * max(1, abs(reference)), "\(test.call): \(derivative) vs \(reference)")
        }
    }

    @Test func parametersAreCheckedAtTheCall() {
        let errors: [(String, String)] = [
            ("student_t(0, 0, 1)", "t.gns:1:19: error: student_t: degrees of freedom = 0.0 must be positive and finite"),
            ("student_t(3, 0, -1)", "t.gns:1:25: error: student_t: scale = -1.0 must be positive and finite"),
            ("cauchy(inf, 1)", "t.gns:1:16: error: cauchy: location = inf must be finite"),
            ("half_cauchy(0)", "t.gns:1:21: error: half_cauchy: scale = 0.0 must be positive and finite"),
            ("lognormal(0, -2)", "t.gns:1:22: error: lognormal: log standard deviation = -2.0 must be positive and finite"),
            ("half_normal(-1)", "t.gns:1:21: error: half_normal: scale = -1.0 must be positive and finite"),
            ("exponential(0)", "t.gns:1:21: error: exponential: rate = 0.0 must be positive and finite"),
            ("binomial(-2, 0.5)", "t.gns:1:18: error: binomial: trials = -2 must be a non-negative integer"),
            ("binomial(2.5, 0.5)", "t.gns:1:18: error: binomial: 'trials' must be an integer, got 2.5"),
            ("binomial(3, 1.5)", "t.gns:1:21: error: binomial: probability = 1.5 must lie in [0, 1]"),
            ("binomial_logit(3, nan)", "t.gns:1:27: error: binomial_logit: logit = nan must be a number (not NaN)"),
            ("bernoulli_logit(nan)", "t.gns:1:25: error: bernoulli_logit: logit = nan must be a number (not NaN)"),
            ("categorical_logit([])", "t.gns:1:27: error: categorical_logit: logits = [] must have at least one entry"),
            ("categorical_logit([0, \"a\"])", "t.gns:1:27: error: categorical_logit: 'logits' must be a list of numbers; element 1 is a string"),
        ]
        for (call, message) in errors {
            #expect(firstLine(ofFailure: "let d = \(call)") == message)
        }
    }

    @Test func samplesHaveTheRightKind() throws {
        let printed = try output(of: """
        print(sample("a", binomial(10, 0.5)) <= 10, (sample("b", bernoulli_logit(0)) or true),
              sample("c", categorical_logit([0, 0, 0])) < 3, sample("d", half_normal(1)) >= 0, sample("e", lognormal(0, 1)) > 0)
        """)
        #expect(printed == ["true true true true true"])
    }
}
