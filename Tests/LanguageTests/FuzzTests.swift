import Random
import Testing
@testable import Language

/// Random and mutated programs must end in success or a clean `ProgramError`, never a trap.
/// Fixed seed, so a failure reproduces; small limits, so the whole run takes a second or two.
@Suite struct FuzzTests {
    static let seeds = [
        "def fib(n) { if n < 2 { return n }\n return fib(n - 1) + fib(n - 2) }\nprint(fib(8))",
        "let xs = [1, 2, 3]\nxs[0] = xs[1] * 2\nlet r = {a: xs, b: {c: 1}}\nr.b.c = len(r.a)\nprint(r)",
        "def part(i) { return sample(\"x\", normal(0, 1)) }\nfor i in 0..3 { part(i) at (\"p\", i) }\nobserve(\"o\", bernoulli(0.3), true)",
        "let fs = []\nfor i in 0..4 { fs = append(fs, fn(x) => x + i) }\nprint(map(fn(f) => f(1), fs), sum(range(5)))",
        "let n = 0\nwhile n < 10 { n = n + 1\n if n % 3 == 0 { continue }\n if n > 7 { break } }\nfactor(-n)",
        "let t = tensor([[1, 2], [3, 4]])\nprint(t[1], shape(t), t * 2 + t, exp(t), to_list(t))",
        "let d = gmm2([0.5, 0.5], [[0, 0], [1, 1]], [[1, 1], [2, 2]], [0, 0.5], temperature: 0.5)\nprint(sample(\"g\", d))",
        "let p = sample((\"a\", 1), beta(2, 2))\nlet k = sample(\"k\", categorical([0.2, 0.8]))\nprint(p ** 2, -k, not (p > 0.5) or false)",
    ]

    static let vocabulary = [
        "(", ")", "[", "]", "{", "}", ",", ".", "..", ":", ";", "=>", "+", "-", "*", "**", "/", "%", "=", "==", "!=",
        "<", "<=", ">", ">=", "and", "or", "not", "at", "def", "fn", "let", "if", "else", "for", "in", "while", "break",
        "continue", "return", "import", "nil", "true", "false", "\n", " ", "x", "xs", "f", "0", "1", "-1", "1e308", "0.5",
        "\"s\"", "\"", "#", "len", "print", "sample", "observe", "factor", "normal", "range", "tensor", "map", "@", "\\",
    ]

    @Test func mutatedAndRandomProgramsFailCleanly() throws {
        var generator = SeededGenerator(seed: 2026)
        let limits = Interpreter.Limits(steps: 3_000, callDepth: 60)
        var outcomes = (succeeded: 0, failed: 0)
        for case_ in 0..<3_000 {
            let source = case_ % 4 == 3 ? Self.randomProgram(&generator) : Self.mutate(Self.seeds[case_ % Self.seeds.count], &generator)
            do {
                let program = try Program(source: source, fileName: "fuzz.gns")
                let interpreter = Interpreter(program: program, limits: limits, output: { _ in })
                var runGenerator = SeededGenerator(seed: UInt64(case_))
                try interpreter.run(generator: &runGenerator)
                outcomes.succeeded += 1
            } catch {
                // Every diagnostic names the file and a position inside it.
                for diagnostic in error.diagnostics {
                    #expect(diagnostic.location.file.name == "fuzz.gns")
                    #expect(diagnostic.location.line >= 1 && diagnostic.location.column >= 1)
                    #expect(!diagnostic.description.isEmpty)
                }
                outcomes.failed += 1
            }
        }
        // Both paths were exercised.
        #expect(outcomes.succeeded > 50)
        #expect(outcomes.failed > 50)
    }

    static func mutate(_ source: String, _ generator: inout SeededGenerator) -> String {
        var characters = Array(source)
        for _ in 0..<Int.random(in: 1...4, using: &generator) {
            let position = Int.random(in: 0...characters.count, using: &generator)
            switch Int.random(in: 0..<4, using: &generator) {
            case 0 where !characters.isEmpty:
                let end = min(characters.count, position + Int.random(in: 1...6, using: &generator))
                characters.removeSubrange(min(position, characters.count - 1)..<end)
            case 1:
                characters.insert(contentsOf: " " + vocabulary[Int.random(in: 0..<vocabulary.count, using: &generator)] + " ", at: position)
            case 2 where characters.count > 2:
                let other = Int.random(in: 0..<characters.count, using: &generator)
                characters.swapAt(min(position, characters.count - 1), other)
            default:
                let start = Int.random(in: 0...position, using: &generator)
                characters.insert(contentsOf: characters[start..<position], at: position)
            }
        }
        return String(characters)
    }

    static func randomProgram(_ generator: inout SeededGenerator) -> String {
        (0..<Int.random(in: 1...40, using: &generator))
            .map { _ in vocabulary[Int.random(in: 0..<vocabulary.count, using: &generator)] }
            .joined(separator: " ")
    }
}
