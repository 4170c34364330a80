import Foundation
import Random
import Testing
@testable import Language

/// The one policy for values a distribution is asked to score (README "Observations outside the support"):
/// a value of the wrong kind or shape is an error at the `observe`, naming the address; a value of the right kind
/// outside the support has log-density -infinity.
@Suite struct SupportPolicyTests {
    /// Every standard family: a constructor call, a value of the wrong kind or shape, and a value of the right kind
    /// outside the support (nil where every value of the right kind is in the support).
    static let cases: [(family: String, call: String, wrongKind: String, outside: String?)] = [
        ("normal", "normal(0, 1)", "\"a\"", nil),
        ("uniform", "uniform(0, 1)", "true", "2"),
        ("beta", "beta(2, 2)", "\"x\"", "1.5"),
        ("gamma", "gamma(2, 1)", "[1]", "-1"),
        ("bernoulli", "bernoulli(1)", "2", "false"),
        ("categorical", "categorical([0.5, 0.5])", "0.5", "7"),
        ("poisson", "poisson(2)", "1.5", "-1"),
        ("dirichlet", "dirichlet([1, 1, 1])", "[0.5, 0.5]", "[0.5, 0.7, -0.2]"),
        ("mvnormal", "mvnormal([0, 0], [1, 1])", "[1]", nil),
        ("bivariate_normal", "bivariate_normal([0, 0], [1, 1], 0)", "[1, 2, 3]", nil),
        ("gmm2", "gmm2([1], [[0, 0]], [[1, 1]], [0])", "\"a\"", nil),
        ("bernoulli_image", "bernoulli_image([0.5, 0.5])", "[true]", nil),
        ("student_t", "student_t(3, 0, 1)", "\"a\"", nil),
        ("cauchy", "cauchy(0, 1)", "true", nil),
        ("half_cauchy", "half_cauchy(1)", "\"a\"", "-1"),
        ("lognormal", "lognormal(0, 1)", "[2]", "0"),
        ("half_normal", "half_normal(1)", "nil", "-0.5"),
        ("exponential", "exponential(1)", "\"a\"", "-1"),
        ("binomial", "binomial(3, 0.5)", "1.5", "4"),
        ("binomial_logit", "binomial_logit(3, 0)", "true", "-1"),
        ("bernoulli_logit", "bernoulli_logit(0)", "1", nil),
        ("categorical_logit", "categorical_logit([0, 0])", "\"a\"", "2"),
    ]

    @Test func everyStandardFamilyIsCovered() {
        #expect(Set(Self.cases.map(\.family)) == Set(Builtins.distributions.map(\.name)))
    }

    @Test func aValueOfTheWrongKindIsAnErrorAtTheObserveNamingTheAddress() {
        for (family, call, wrong, _) in Self.cases {
            let line = firstLine(ofFailure: "let i = 3\nobserve((\"y\", i), \(call), \(wrong))")
            #expect(line?.hasPrefix("t.gns:2:1: error: the value \(wrong) at address (\"y\", 3) does not fit \(family)(") == true,
                    "\(call) observing \(wrong): \(line ?? "no error")")
        }
    }

    @Test func aNumberThatIsNaNIsOfTheWrongKind() {
        #expect(firstLine(ofFailure: "observe(\"y\", normal(0, 1), nan)")
                == "t.gns:1:1: error: the value nan at address \"y\" does not fit normal(0, 1): the value must be a number, got nan")
    }

    @Test func aValueOfTheRightKindOutsideTheSupportHasLogDensityMinusInfinity() throws {
        for (_, call, _, outside) in Self.cases {
            guard let outside else { continue }
            let interpreter = Interpreter(program: try Program(source: "def m() { observe(\"y\", \(call), \(outside)) }", fileName: "m.gns"),
                                          output: { _ in })
            var generator = SeededGenerator(seed: 1)
            try interpreter.run(generator: &generator)
            let mode = UntracedMode()
            _ = try interpreter.call(try interpreter.global(named: "m"), arguments: [], mode: mode, generator: &generator)
            #expect(mode.logWeight == -.infinity, "\(call) observing \(outside): \(mode.logWeight)")
        }
    }
}
