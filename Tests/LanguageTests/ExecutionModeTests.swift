import Distributions
import Foundation
import Random
import Testing
@testable import Language

/// A mode that replays fixed values and records every call, to check what the interpreter hands a mode.
final class RecordingMode: ExecutionMode {
    var sampled: [(Address, String, Int)] = []
    var observed: [(Address, Double)] = []
    var factors: [Double] = []
    let replay: [Address: Value]

    init(replay: [Address: Value] = [:]) { self.replay = replay }

    func sample(_ address: Address, from distribution: DistributionValue, at site: SourceSpan,
                using generator: inout SeededGenerator) throws -> Value {
        sampled.append((address, distribution.name, site.line))
        return replay[address] ?? distribution.sample(using: &generator)
    }

    func observe(_ address: Address, from distribution: DistributionValue, value: Value, at site: SourceSpan) throws {
        observed.append((address, try distribution.logDensity(value, at: site)))
    }

    func factor(_ logWeight: Value, at site: SourceSpan) throws {
        factors.append(logWeight.numberValue ?? .nan)
    }
}

@Suite struct ExecutionModeTests {
    func interpreter(_ source: String) throws -> Interpreter {
        let interpreter = Interpreter(program: try Program(source: source, fileName: "m.gns"), output: { _ in })
        var generator = SeededGenerator(seed: 3)
        try interpreter.run(generator: &generator)
        return interpreter
    }

    @Test func choicesReachTheModeWithFullAddresses() throws {
        let source = """
        def part(k) {
          let x = sample("x", normal(0, 1))
          observe(("y", k), normal(x, 2), 0.5)
          return x
        }
        def model(n) {
          let p = sample("p", beta(2, 3))
          for i in 0..n { part(i) at ("part", i) }
          factor(-1.5)
          return p
        }
        """
        let interpreter = try interpreter(source)
        let mode = RecordingMode(replay: ["p": .number(0.25), Address(["part", 1, "x"]): .number(1)])
        var generator = SeededGenerator(seed: 1)
        let result = try interpreter.call(try interpreter.global(named: "model"), arguments: [.number(2)], mode: mode, generator: &generator)
        #expect(result.numberValue == 0.25)
        #expect(mode.sampled.map(\.0) == ["p", Address(["part", 0, "x"]), Address(["part", 1, "x"])])
        #expect(mode.sampled.map(\.1) == ["beta", "normal", "normal"])
        #expect(mode.sampled.map(\.2) == [7, 2, 2])
        #expect(mode.observed.map(\.0) == [Address(["part", 0, "y", 0]), Address(["part", 1, "y", 1])])
        // The second part's x was replayed as 1: log N(0.5; 1, 2).
        let expected = -0.5 * log(2 * Double.pi) - log(2.0) - 0.5 * 0.25 * 0.25
        #expect(abs(mode.observed[1].1 - expected) < 1e-12)
        #expect(mode.factors == [-1.5])
    }

    @Test func untracedModeSumsObservationsAndFactors() throws {
        let interpreter = try interpreter("def m() { observe(\"a\", normal(0, 1), 0); observe(\"b\", bernoulli(0.25), true); factor(-2) }")
        let mode = UntracedMode()
        var generator = SeededGenerator(seed: 1)
        _ = try interpreter.call(try interpreter.global(named: "m"), arguments: [], mode: mode, generator: &generator)
        #expect(abs(mode.logWeight - (-0.5 * log(2 * Double.pi) + log(0.25) - 2)) < 1e-12)
    }

    @Test func runsAreDeterministicForASeed() throws {
        let interpreter = try interpreter("def m() { return [sample(1, normal(0, 1)), sample(2, uniform(0, 1))] }")
        func draw(_ seed: UInt64) throws -> String {
            var generator = SeededGenerator(seed: seed)
            return try interpreter.call(try interpreter.global(named: "m"), arguments: [], mode: UntracedMode(), generator: &generator).description
        }
        #expect(try draw(7) == draw(7))
        #expect(try draw(7) != draw(8))
    }

    @Test func samplesFollowTheirDistribution() throws {
        // Mean of 4000 Beta(2, 3) draws: 0.4, standard error sqrt(0.04 / 4000) = 0.0032; allow 5 standard errors.
        let interpreter = try interpreter("def m(n) { let s = 0\n for i in 0..n { s = s + sample(i, beta(2, 3)) }\n return s / n }")
        var generator = SeededGenerator(seed: 11)
        let mean = try interpreter.call(try interpreter.global(named: "m"), arguments: [.number(4000)], mode: UntracedMode(), generator: &generator)
        #expect(abs((mean.numberValue ?? 0) - 0.4) < 5 * (0.04 / 4000).squareRoot())
    }

    @Test func reusedAddressNamesBothSites() {
        let source = """
        def m() {
          sample("a", normal(0, 1))
          sample("a", normal(0, 1))
        }
        m()
        """
        #expect(failure(of: source) == """
        t.gns:3:3: error: address "a" is used twice in one run (first at t.gns:2:3, again here)
         3 |   sample("a", normal(0, 1))
           |   ^~~~~~~~~~~~~~~~~~~~~~~~~
        t.gns:2:3: note: first used here
         2 |   sample("a", normal(0, 1))
           |   ^~~~~~~~~~~~~~~~~~~~~~~~~
          in m, called at t.gns:5:1
        """)
        // Namespaces keep equal local names apart.
        #expect(failure(of: "def p() { return sample(\"x\", normal(0, 1)) }\np() at 1\np() at 2") == nil)
        #expect(firstLine(ofFailure: "def p() { return sample(\"x\", normal(0, 1)) }\np() at 1\np() at 1")
                == "t.gns:1:18: error: address (1, \"x\") is used twice in one run (first at t.gns:1:18, again here)")
    }

    @Test func badAddresses() {
        #expect(firstLine(ofFailure: "sample(1.5, normal(0, 1))") == "t.gns:1:1: error: an address number must be an integer, got 1.5")
        #expect(firstLine(ofFailure: "sample([1], normal(0, 1))") == "t.gns:1:1: error: an address must be a string, an integer or a tuple of them, got a list")
        #expect(firstLine(ofFailure: "let a = (\"x\", true)") == "t.gns:1:15: error: an address must be a string, an integer or a tuple of them, got a boolean")
        #expect(firstLine(ofFailure: "def f() { return 1 }\nf() at [1]") == "t.gns:2:8: error: an address must be a string, an integer or a tuple of them, got a list")
    }

    @Test func distributionParametersAreCheckedAtTheCall() {
        #expect(failure(of: "let d = normal(0, -1)") == """
        t.gns:1:19: error: normal: standard deviation = -1.0 must be positive and finite
         1 | let d = normal(0, -1)
           |                   ^
        """)
        #expect(firstLine(ofFailure: "let d = beta(1, 0)") == "t.gns:1:17: error: beta: beta = 0.0 must be positive and finite")
        #expect(firstLine(ofFailure: "let d = normal(\"a\", 1)") == "t.gns:1:16: error: normal: 'mean' must be a number, got a string")
        #expect(firstLine(ofFailure: "let d = categorical([0.5, 0.6])")?.hasPrefix("t.gns:1:21: error: categorical: probabilities") == true)
        #expect(firstLine(ofFailure: "observe(\"x\", bernoulli(0.5), 1)")
                == "t.gns:1:1: error: the value 1 at address \"x\" does not fit bernoulli(0.5): the value must be a boolean, got a number")
    }

    @Test func distributionValuesPrintAndEvaluate() throws {
        #expect(try output(of: "print(normal(0, 1), gmm2([1], [[0, 0]], [[1, 1]], [0]))") == ["normal(0, 1) gmm2([1], [[0, 0]], [[1, 1]], [0], 1)"])
    }
}
