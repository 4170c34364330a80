import CharacterModel
import Foundation
import Inference
import Language
import Random
import Testing

/// Every chapter of `Examples/course/` runs as `gns run FILE --seed 1` would, and what it prints is checked: each
/// "estimate X exact Y" line against an exact answer computed here independently, within a tolerance derived from
/// the estimator's standard error (stated beside each check).
@Suite(.serialized) struct CourseTests {
    static let course = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Examples/course")

    /// Collects printed lines.
    final class Printed: @unchecked Sendable {
        private let lock = NSLock()
        private var storage: [String] = []
        var lines: [String] { lock.withLock { storage } }
        func append(_ line: String) { lock.withLock { storage.append(line) } }
    }

    /// Runs chapter `file` with the builtins and seed of `gns run --seed 1`; returns its printed lines.
    static func run(_ file: String) throws -> [String] {
        let printed = Printed()
        let builtins = BuiltinRegistry.withCharacterModel(networks: try TypePriorNetworks.bundled())
        let program = try Program.load(path: course.appendingPathComponent(file).path, builtins: builtins)
        var generator = SeededGenerator(seed: 1)
        try Interpreter(program: program, output: printed.append).run(generator: &generator)
        return printed.lines
    }

    /// The (estimate, exact) pair of the printed line that starts with `label`.
    static func answer(_ label: String, in lines: [String]) throws -> (estimate: Double, exact: Double) {
        let line = try #require(lines.first { $0.hasPrefix(label) }, "no line starts with \(label) in \(lines)")
        let match = try #require(line.firstMatch(of: #/estimate (\S+) exact (\S+)/#), "no estimate/exact in \(line)")
        return (try #require(Double(match.output.1)), try #require(Double(match.output.2)))
    }

    /// The numbers at the end of the printed line that starts with `label`.
    static func number(_ label: String, in lines: [String]) throws -> Double {
        let line = try #require(lines.first { $0.hasPrefix(label) }, "no line starts with \(label) in \(lines)")
        return try #require(Double(line.split(separator: " ").last.map(String.init) ?? ""), "\(line)")
    }

    static func logBeta(_ a: Double, _ b: Double) -> Double { lgamma(a) + lgamma(b) - lgamma(a + b) }

    @Test func chapter1ForwardSampling() throws {
        let (estimate, exact) = try Self.answer("P(sum = 7)", in: Self.run("01_generative_models.gns"))
        #expect(abs(exact - 1.0 / 6) < 1e-12)
        // 2000 independent runs: standard error sqrt(p(1-p)/2000) = 0.0083; 5 of them.
        #expect(abs(estimate - exact) < 5 * (exact * (1 - exact) / 2000).squareRoot())
    }

    @Test func chapter2Conditioning() throws {
        let lines = try Self.run("02_conditioning.gns")
        let truth = 0.01 * 0.9 / (0.01 * 0.9 + 0.99 * 0.05)
        let rejection = try Self.answer("P(sick | positive) by rejection", in: lines)
        let observed = try Self.answer("P(sick | positive) by observe", in: lines)
        #expect(abs(rejection.exact - truth) < 1e-12)
        // Rejection keeps about 10000 x 0.0585 = 585 runs: standard error sqrt(0.154 x 0.846 / 585) = 0.015; 5 of them.
        #expect(abs(rejection.estimate - truth) < 0.075)
        // Importance weights 0.9 (p 0.01) or 0.05 (p 0.99): ESS = 1000 x 0.0585^2 / 0.0106 = 323, standard error 0.020.
        #expect(abs(observed.estimate - truth) < 0.1)
    }

    @Test func chapter3ImportanceAndEvidence() throws {
        let lines = try Self.run("03_importance_and_evidence.gns")
        let mean = try Self.answer("posterior mean of p", in: lines)
        let evidence = try Self.answer("evidence p(flips)", in: lines)
        let fair = try Self.answer("evidence of the fair-coin model", in: lines)
        #expect(abs(mean.exact - 2.0 / 3) < 1e-12)
        #expect(abs(evidence.exact - exp(Self.logBeta(4, 2) - Self.logBeta(1, 1))) < 1e-12)
        // Beta(4, 2) has sd 0.178; weights p^3(1-p) give ESS = 2000 x (1/20)^2 / B(7,3) = 1260: standard error 0.005.
        #expect(abs(mean.estimate - mean.exact) < 0.025)
        // The weights' sd is sqrt(B(7,3) - 1/400) = 0.038: the evidence's standard error is 0.038 / sqrt(2000) = 0.00086.
        #expect(abs(evidence.estimate - evidence.exact) < 0.0043)
        // The fair coin has no free choice: one particle is exact.
        #expect(abs(fair.estimate - 1.0 / 16) < 1e-12 && abs(fair.exact - 1.0 / 16) < 1e-12)
    }

    @Test func chapter4MCMC() throws {
        let lines = try Self.run("04_mcmc.gns")
        let (estimate, exact) = try Self.answer("posterior mean of mu", in: lines)
        #expect(abs(exact - 6.1 / 5.25) < 1e-12)
        // Posterior sd 0.436; an independence sampler accepting ~1 in 4 has an autocorrelation time under 10, so
        // 8000 states are worth at least 800 draws: standard error below 0.016; 6 of them.
        #expect(abs(estimate - exact) < 0.1)
        let rate = try Self.number("acceptance rate", in: lines)
        #expect(rate > 0.05 && rate < 0.95)
    }

    @Test func chapter5Hierarchical() throws {
        let coins: [(heads: Double, tails: Double)] = [(4, 0), (3, 1), (4, 0), (3, 1)]
        let kinds: [(a: Double, b: Double)] = [(5, 5), (8, 2)]
        let logPosterior = kinds.map { kind in
            coins.reduce(0.0) { $0 + Self.logBeta(kind.a + $1.heads, kind.b + $1.tails) - Self.logBeta(kind.a, kind.b) }
        }
        let headsKind = 1 / (1 + exp(logPosterior[0] - logPosterior[1]))
        let truth = (1 - headsKind) * 0.5 + headsKind * 0.8
        let (estimate, exact) = try Self.answer("P(heads) for a new coin after the coins", in: Self.run("05_hierarchical.gns"))
        #expect(abs(exact - truth) < 1e-9)
        // The return is 0.5 or 0.8, so its weighted mean errs by 0.3 x the error in P(kind), whose standard error
        // with an ESS of several hundred is below 0.02.
        #expect(abs(estimate - truth) < 0.03)
    }

    @Test func chapter6ProgramInduction() throws {
        // Enumerate the 1110 programs here too.
        let image: [[Int]] = [[1, 1, 1, 1, 1]] + Array(repeating: [0, 0, 1, 0, 0], count: 4)
        func weight(_ strokes: [Int]) -> Double {
            var wrong = 0
            for r in 0..<5 {
                for c in 0..<5 where (strokes.contains(r) || strokes.contains(5 + c) ? 1 : 0) != image[r][c] { wrong += 1 }
            }
            return [0.5, 0.3, 0.2][strokes.count - 1] * pow(0.1, Double(strokes.count)) * pow(0.05, Double(wrong)) * pow(0.95, Double(25 - wrong))
        }
        var total = 0.0, two = 0.0
        for a in 0..<10 {
            total += weight([a])
            for b in 0..<10 {
                two += weight([a, b])
                for c in 0..<10 { total += weight([a, b, c]) }
            }
        }
        total += two
        let (estimate, exact) = try Self.answer("P(the program has 2 strokes | image)", in: Self.run("06_program_induction.gns"))
        #expect(abs(exact - two / total) < 1e-9)
        // About 0.72% of 20000 prior programs draw the T (the others weigh nothing by comparison): ~144 effective
        // particles, standard error sqrt(0.83 x 0.17 / 144) = 0.031; 5 of them.
        #expect(abs(estimate - exact) < 0.16)
    }

    @Test func chapter7NeuroSymbolic() throws {
        let lines = try Self.run("07_neuro_symbolic.gns")
        #expect(lines.filter { $0.hasPrefix("character ") }.count == 3)
        let near = try Self.number("log p(first stroke starts at (25, -25))", in: lines)
        let far = try Self.number("log p(first stroke starts at (85, -95))", in: lines)
        let smooth = try Self.number("log p(smooth stroke)", in: lines)
        let zigzag = try Self.number("log p(zigzag stroke)", in: lines)
        #expect([near, far, smooth, zigzag].allSatisfy { $0.isFinite })
        // What the chapter teaches: the trained networks prefer top-left starts and smooth strokes.
        #expect(near > far)
        #expect(smooth > zigzag)
    }

    @Test func chapter8ModelVariants() throws {
        let lines = try Self.run("08_model_variants.gns")
        let (estimate, exact) = try Self.answer("sd of a control point's horizontal shift", in: lines)
        #expect(abs(exact - (3.3593 * 3.3593 + 1.3536 * 1.3536).squareRoot()) < 1e-9)
        // 1800 shifts (600 independent stroke shifts): the mean square has sd 0.45, so the estimated sd errs by
        // about 0.45 / (2 x 3.62) = 0.06; 5 of them.
        #expect(abs(estimate - exact) < 0.31)
        // Every character has at least one stroke of at least two control points (a start and an offset).
        #expect(lines.filter { $0.hasPrefix("at temperature") }.count == 2)
        #expect(try Self.number("at temperature 1 ", in: lines) >= 2)
        #expect(try Self.number("at temperature 0.5 ", in: lines) >= 2)
    }

    @Test func chapter9OneShotClassification() throws {
        let answers = try Self.run("09_one_shot_classification.gns").filter { $0.hasPrefix("answer") }
        #expect(answers == ["answer A truth A", "answer B truth B"])
    }

    @Test func chapter10InstructionLearning() throws {
        let lines = try Self.run("10_instruction_learning.gns")
        let fep = try Self.answer("P(lug fep", in: lines)
        let kiki = try Self.answer("P(dax kiki wif", in: lines)
        // "kiki" is seen only as dax kiki dax -> RED RED: "x y" and "y x" fit every grammar equally, so each has
        // posterior one half; the answer RED GREEN also needs dax RED and wif GREEN, which the 1% slips make
        // slightly less than certain.
        #expect(kiki.exact > 0.48 && kiki.exact <= 0.5)
        #expect(fep.exact > 0.95)
        // 3000 MH sweeps; the kiki indicator flips whenever a sweep proposes the other template (1 in 4), so the
        // chain is worth several hundred draws: standard error about 0.03.
        #expect(abs(kiki.estimate - kiki.exact) < 0.15)
        #expect(abs(fep.estimate - fep.exact) < 0.05)
    }
}
