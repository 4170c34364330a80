import Foundation
import Testing
@testable import Inference
import Language
import Random
import Distributions

/// The generative-function interface, choice maps, traces, selections and proposal programs from `.gns` scripts.
@Suite struct ScriptInterfaceTests {
    /// Runs `source`'s top level and returns its printed lines split into words.
    func run(_ source: String, seed: UInt64 = 3) throws -> [[String]] {
        let lines = PrintedLines()
        let program = try Program(source: source, fileName: "t.gns", builtins: .withInference)
        var generator = SeededGenerator(seed: seed)
        try Interpreter(program: program, output: { lines.append($0) }).run(generator: &generator)
        return lines.all.map { $0.split(separator: " ").map(String.init) }
    }

    /// The error `source` stops with.
    func failure(_ source: String) throws -> String {
        let program = try Program(source: source, fileName: "t.gns", builtins: .withInference)
        var generator = SeededGenerator(seed: 1)
        return try #require(throws: ProgramError.self) {
            try Interpreter(program: program, output: { _ in }).run(generator: &generator)
        }.description
    }

    /// Traced runs (simulate, generate, importance, update) catch a reused address in the trace's own table; the
    /// message, note and call stack are the interpreter's, for a sample or an observe met second.
    @Test func tracedRunsRefuseAReusedAddressAsUntracedOnes() throws {
        let model = """
            def m(y) {
              let mu = sample("a", normal(0, 1))
              observe(if_reused(y), normal(mu, 1), y)
            }
            def if_reused(y) {
              if y > 0 { return "a" }
              return "b"
            }

            """
        // update re-runs a valid trace (y = -1 observes "b") with an argument that makes it reuse "a".
        for call in ["simulate(m, [1])", "generate(m, [1])", "importance(m, [1], particles: 3)",
                     "update(simulate(m, [-1]), choicemap(), args: [1])"] {
            let message = try failure(model + "let r = " + call)
            #expect(message.hasPrefix("""
                t.gns:3:3: error: address "a" is used twice in one run (first at t.gns:2:12, again here)
                """), "\(call): \(message)")
            #expect(message.contains("t.gns:2:12: note: first used here") && message.contains("in m, called at"), "\(call)")
        }
        // The same address under two namespaces is two addresses.
        #expect(try run("def p() { return sample(\"x\", normal(0, 1)) }\ndef q() {\n  p() at 1\n  p() at 2\n}\nlet c = get_choices(simulate(q, []))\nprint(c[(1, \"x\")] != c[(2, \"x\")])") == [["true"]])
    }

    /// A model whose part is called under the namespace "token".
    static let namespacedSource = """
        def part() {
          sample("width", uniform(1, 2))
          sample(("stroke", 0), normal(0, 1))
        }
        def model() {
          sample("n", normal(0, 1))
          part() at "token"
        }

    """

    static let flips = "[" + TestModels.flips.map { "\($0)" }.joined(separator: ", ") + "]"

    /// log p(flips | p) written out with the typed Bernoulli.
    func likelihood(_ p: Double) throws -> Double {
        try TestModels.flips.reduce(0) { $0 + (try Bernoulli(probability: p).logDensity($1)) }
    }

    @Test func generateUpdateAndAssessWeighAsTheSwiftInterfaceDoes() throws {
        let printed = try run(TestModels.coinSource + """

        let g = generate(coin, [\(Self.flips)], choicemap(["p", 0.3]))
        print(g.weight, g.trace["p"])
        let u = update(g.trace, choicemap(["p", 0.7]))
        print(u.weight, u.discarded["p"], get_retval(u.trace))
        let a = assess(coin, [\(Self.flips)], get_choices(u.trace))
        print(a.log_probability, get_score(u.trace), a.returned)
        let shorter = update(u.trace, nil, [[true]])
        print(shorter.weight, len(get_args(shorter.trace)[0]))
        """)
        let numbers = printed.map { $0.compactMap(Double.init) }
        let prior = try Beta(alpha: 2, beta: 3)
        let joint = { (p: Double) in try prior.logDensity(p) + self.likelihood(p) }
        #expect(abs(numbers[0][0] - (try joint(0.3))) < 1e-12 && numbers[0][1] == 0.3)
        #expect(abs(numbers[1][0] - (try joint(0.7) - joint(0.3))) < 1e-12)
        #expect(numbers[1][1] == 0.3 && numbers[1][2] == 0.7)
        #expect(abs(numbers[2][0] - (try joint(0.7))) < 1e-12 && numbers[2][0] == numbers[2][1] && numbers[2][2] == 0.7)
        #expect(abs(numbers[3][0] - (log(0.7) - (try likelihood(0.7)))) < 1e-12 && numbers[3][1] == 1)
    }

    @Test func choiceMapsAreBuiltFromPairsAndReadByAddressOrPrefix() throws {
        let printed = try run("""
        def part() {
          sample("width", uniform(1, 2))
          sample(("stroke", 0), normal(0, 1))
          sample(("stroke", 1), normal(0, 1))
        }
        def model() {
          sample("n", poisson(3))
          part() at "token"
        }
        let pairs = [["n", 2], [("token", "width"), 1.5]]
        let fixed = generate(model, [], choicemap(pairs)).trace
        print(fixed["n"], fixed[("token", "width")], get_choices(fixed)["token"]["width"])
        let one = choicemap(["a", 1], [("b", 2), true])
        print(one[("b", 2)], one)
        print(fixed["token"][("stroke", 1)] == get_choices(fixed)[("token", "stroke", 1)])
        """)
        #expect(printed[0] == ["2", "1.5", "1.5"])
        #expect(printed[1] == ["true", "choicemap([\"a\",", "1],", "[(\"b\",", "2),", "true])"])
        #expect(printed[2] == ["true"])
        #expect(try failure("let c = choicemap([\"a\", 1], [\"a\", 2])").contains("address \"a\" is given twice"))
        #expect(try failure("let c = choicemap([\"mu\", 1])\nprint(c[\"nu\"])").contains("no choice at address \"nu\"; did you mean \"mu\"?"))
    }

    /// Observations given as a choice map: a model that samples its data, constrained by `importance`, `mh` and
    /// `map_optimize`, against the exact normal-normal posterior (prior N(1, 2²), noise sd 0.5).
    @Test func constraintsAndStartReachTheAlgorithms() throws {
        let exact = Exact.normalNormal(priorMean: 1, priorSD: 2, noiseSD: 0.5, ys: TestModels.ys)
        let ys = "[" + TestModels.ys.map { "\($0)" }.joined(separator: ", ") + "]"
        let printed = try run("""
        def model(n) {
          let mu = sample("mu", normal(1, 2))
          for i in 0..n { sample(("y", i), normal(mu, 0.5)) }
          return mu
        }
        let ys = \(ys)
        let data = choicemap(map(fn(i) => [("y", i), ys[i]], range(0, len(ys))))
        let n = len(ys)
        let is = importance(model, [n], particles: 4000, constraints: data)
        print(is.log_evidence, mean(is), is.effective_sample_size)
        let chain = mh(model, [n], selection: ["mu"], steps: 4000, burn_in: 100, constraints: data, start: choicemap(["mu", 0]))
        print(mean(chain))
        let mode = map_optimize(model, [n], selection: select("mu"), constraints: data, start: choicemap(["mu", -3]))
        print(mode.choices[0][1])
        """)
        let numbers = printed.map { $0.compactMap(Double.init) }
        // Importance: log Ẑ within 5 delta-method standard errors sd(w) / (mean(w) √N), which with normalised
        // weights is √((N / ESS - 1) / N), and the weighted mean within 5 standard errors sd / √ESS.
        let ess = numbers[0][2], particles = 4000.0
        #expect(abs(numbers[0][0] - exact.logEvidence) < 5 * ((particles / ess - 1) / particles).squareRoot())
        #expect(abs(numbers[0][1] - exact.mean) < 5 * exact.sd / ess.squareRoot())
        // MH resimulating mu from the prior: 4000 correlated steps; 5 standard errors at an ESS of at least 100.
        #expect(abs(numbers[1][0] - exact.mean) < 5 * exact.sd / 10)
        // The mode of a Gaussian posterior is its mean (L-BFGS on single-precision gradients: 1e-3).
        #expect(abs(numbers[2][0] - exact.mean) < 1e-3)
    }

    @Test func selectionsAreHierarchicalAndCheckedAgainstTheTrace() throws {
        let token = Selection(["token"])
        #expect(token.contains(Address(["token", "stroke", 2, "shape", 0])))
        #expect(token.contains("token") && !token.contains("type") && !token.contains(Address(["type", "token"])))
        let stroke = Selection([Address(["stroke", 2])])
        #expect(stroke.contains(Address(["stroke", 2, "start"])) && !stroke.contains(Address(["stroke", 1, "start"])))
        #expect(!stroke.contains("stroke"))
        #expect(token.complement.contains("type") && !token.complement.contains(Address(["token", 1])))
        let both = Selection.union([token, Selection(["scale"]).complement])
        #expect(both.contains(Address(["token", 1])) && both.contains("type") && !both.contains("scale"))
        #expect(Selection.union([token, stroke]).listed == [Address("token"), Address(["stroke", 2])])

        let model = try TestModels.model(Self.namespacedSource, "model")
        var generator = SeededGenerator(seed: 4)
        let trace = try model.simulate([], using: &generator)
        try trace.check(token)
        try trace.check(Selection([Address(["token", "stroke"])]))
        #expect(throws: Never.self) { try trace.check(Selection.all) }
        let unknown = try #require(throws: InferenceError.self) { try trace.check(Selection(["tokn"])) }
        #expect("\(unknown)" == "selection address \"tokn\" is never visited by the model; did you mean \"token\"?")
        let empty = try #require(throws: InferenceError.self) { try trace.check(Selection.all.complement) }
        #expect("\(empty)".hasPrefix("the selection selects no choice of the trace"))
        #expect(throws: InferenceError.self) { try trace.check(Selection([Address]())) }
        // MAP over a prefix: the token's strokes move to their mode (0), nothing else moves.
        let mode = try model.maximumAPosteriori(trace, selection: Selection([Address(["token", "stroke"])]))
        #expect(abs(mode[Address(["token", "stroke", 0])]!.numberValue!) < 1e-3)
        #expect(mode["n"]?.numberValue == trace["n"]?.numberValue)
        // MH over the token's choices moves them and leaves "n" alone.
        var state = trace
        for _ in 0..<50 { state = try model.metropolisHastings(state, selection: token, using: &generator).trace }
        #expect(state["n"]?.numberValue == trace["n"]?.numberValue)
        #expect(state[Address(["token", "width"])]?.numberValue != trace[Address(["token", "width"])]?.numberValue)
    }

    @Test func selectionsFromScripts() throws {
        let source = Self.namespacedSource + """
        let t = simulate(model, [])
        let moved = mh(model, [], selection: select("token"), steps: 30, start: t).trace
        print(moved["n"] == t["n"], moved[("token", "width")] != t[("token", "width")])
        let rest = mh(model, [], selection: complement(select("token")), steps: 30, start: t).trace
        print(rest["n"] != t["n"], rest[("token", "width")] == t[("token", "width")])
        let all = mh(model, [], selection: union(select("n"), select(("token", "stroke"))), steps: 30, start: t).trace
        print(all["n"] != t["n"], all[("token", "width")] == t[("token", "width")])
        """
        #expect(try run(source) == [["true", "true"], ["true", "true"], ["true", "true"]])
        #expect(try failure("let s = select()").contains("select needs at least one address"))
        let unknown = try failure("""
        def model() { sample(("token", 0), normal(0, 1)) }
        let r = mh(model, [], selection: select("tokn"), steps: 1)
        """)
        #expect(unknown.contains("t.gns:2:9: error: mh: selection address \"tokn\" is never visited by the model; did you mean \"token\"?"),
                "\(unknown)")
    }

    /// A proposal program from a script (an asymmetric one, so the forward and backward proposal densities
    /// matter) keeps the normal-mean posterior stationary: 2000 chains, each started at an exact posterior draw
    /// and moved 10 steps. The final states are independent, so the effective sample size of the moment
    /// estimates is the chain count, and the tolerance is 5 standard errors sd / √2000 of each moment.
    @Test func aProposalProgramKeepsTheNormalPosteriorStationary() throws {
        let exact = Exact.normalNormal(priorMean: 1, priorSD: 2, noiseSD: 0.5, ys: TestModels.ys)
        let ys = "[" + TestModels.ys.map { "\($0)" }.joined(separator: ", ") + "]"
        let printed = try run(TestModels.normalSource + """

        # Shrinks towards 0.5 and jitters: q(new | old) != q(old | new).
        def shrink(current, width) {
          sample("mu", normal(0.5 * current["mu"] + 0.5, width))
        }
        let finals = []
        let accepted = 0
        for c in 0..2000 {
          let start = sample(("start", c), normal(\(exact.mean), \(exact.sd)))
          let chain = mh(normal_mean, [\(ys)], proposal: shrink, proposal_args: [0.3], steps: 10, start: choicemap(["mu", start]))
          finals = append(finals, get_retval(chain.trace))
          accepted = accepted + chain.acceptance_rate
        }
        print(mean(finals), mean(map(fn(x) => (x - \(exact.mean)) ** 2, finals)), accepted / 2000)
        """)
        let numbers = printed[0].compactMap(Double.init)
        let n = 2000.0, variance = exact.sd * exact.sd
        #expect(abs(numbers[0] - exact.mean) < 5 * exact.sd / n.squareRoot())
        // The squared deviation of a normal draw has sd √2 σ².
        #expect(abs(numbers[1] - variance) < 5 * 2.0.squareRoot() * variance / n.squareRoot())
        #expect(numbers[2] > 0.05 && numbers[2] < 0.95)
    }

    @Test func mhStepTakesASelectionOrAProposal() throws {
        let printed = try run(TestModels.normalSource + """

        def walk(current) { sample("mu", normal(current["mu"], 0.5)) }
        let t = generate(normal_mean, [[1.0]], choicemap(["mu", 0.2])).trace
        let moves = 0
        for i in 0..200 {
          let s = mh_step(t, walk)
          if s.accepted { moves = moves + 1 }
          let r = mh_step(t, select("mu"))
          if r.accepted != (get_retval(r.trace) != 0.2) { print("inconsistent") }
        }
        print(moves > 0 and moves < 200)
        """)
        #expect(printed == [["true"]])
        #expect(try failure(TestModels.normalSource + """

        def elsewhere(current) { sample("nu", normal(0, 1)) }
        let t = simulate(normal_mean, [[1.0]])
        let s = mh_step(t, elsewhere)
        """).contains("proposal address \"nu\" is never visited by the model; did you mean \"mu\"?"))
    }
}
