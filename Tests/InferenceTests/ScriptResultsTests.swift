import Foundation
import Testing
@testable import Inference
import Language
import Random

/// What scripts read back from inference: addresses as the values that made them, results indexed by field name,
/// and errors that name the address when no run has positive probability.
@Suite struct ScriptResultsTests {
    /// Runs `source` (with the inference builtins) and returns its printed lines, or its error's first line.
    func run(_ source: String) -> [String] {
        let lines = PrintedLines()
        do {
            let program = try Program(source: source, fileName: "s.gns", builtins: .withInference)
            var generator = SeededGenerator(seed: 9)
            try Interpreter(program: program, output: { lines.append($0) }).run(generator: &generator)
            return lines.all
        } catch {
            return ["\(error)".split(separator: "\n").first.map(String.init) ?? ""]
        }
    }

    @Test func addressesReadBackEqualTheValuesThatMadeThem() {
        let printed = run("""
        def m() {
          let mu = sample("mu", normal(0, 1))
          sample(3, normal(mu, 1))
          observe(("y", 0), normal(mu, 1), 0.5)
          return mu
        }
        let r = map_optimize(m, [], iterations: 2)
        for pair in r.choices {
          print(pair[0], pair[0] == "mu", pair[0] == 3, pair[0] == ("y", 0))
        }
        print(("mu",) == "mu", ("mu",), (3,) == 3)
        """)
        #expect(printed == ["mu true false false", "3 false true false", "(\"y\", 0) false false true", "true mu true"])
    }

    @Test func mapResultsAreIndexedByFieldName() {
        let printed = run("""
        def m() { return sample("x", normal(2, 1)) * 10 }
        let r = map_optimize(m, [])
        print(abs(r["returned"] - 20) < 0.01, r.returned == r["returned"], r["score"] == r.score)
        r["score"] = 1
        print(r.score)
        """)
        #expect(printed == ["true true true", "1"])
        #expect(run("let r = {a: 1}\nprint(r[\"b\"])") == ["s.gns:2:9: error: the record has no field 'b' (fields: a)"])
        #expect(run("let r = {a: 1}\nprint(r[0])") == ["s.gns:2:9: error: a record is indexed by a field name (a string), got a number"])
    }

    @Test func importanceWithNoPossibleParticleNamesTheAddress() {
        let printed = run("""
        def m() {
          let k = sample("k", normal(0, 1))
          observe(("count", 1), categorical([0.2, 0.3, 0.5]), 7)
        }
        importance(m, [], particles: 4)
        """)
        #expect(printed == ["s.gns:5:1: error: importance: importance sampling with 4 particles: every weight is zero "
                            + "(log-weight -infinity); in the first particle, address (\"count\", 1) observes 7, which has probability "
                            + "zero under categorical([0.2, 0.3, 0.5]) (s.gns:3:3)"])
    }

    @Test func gradientAndRandomWalkChainsFromAnImpossibleStartNameTheAddress() {
        let model = """
        def m() {
          let mu = sample("mu", normal(0, 1))
          observe("wait", exponential(1), -1)
        }

        """
        let cause = "; address \"wait\" observes -1, which has probability zero under exponential(1) (s.gns:3:3)"
        #expect(run(model + "hmc(m, [], steps: 2, burn_in: 0)")
                == ["s.gns:5:1: error: hmc: the starting trace of HMC: every weight is zero (log-weight -infinity)" + cause])
        #expect(run(model + "mh(m, [], steps: 2, step_size: 0.5)")
                == ["s.gns:5:1: error: mh: the starting trace of the random walk: every weight is zero (log-weight -infinity)" + cause])
    }

    @Test func aModelRunReservesTheTablesItsLastRunFilled() throws {
        // The cost of an observation is hashing and storing one entry; growing the trace's and the used-address
        // tables while the model runs (and rehashing them a dozen times for 434 points) cost more than that.
        let model = try TestModels.model("def m(n) { for i in 0..n { observe((\"y\", i), normal(0, 1), 0.5) } }", "m")
        var generator = SeededGenerator(seed: 1)
        let first = try model.simulate([.number(434)], using: &generator)
        #expect(model.choiceCount.expected == 434)
        let handler = ChoiceHandler(model: model, arguments: [.number(434)])
        #expect(handler.expectedChoiceCount >= 434)
        #expect(first.entries.count == 434)
    }
}
