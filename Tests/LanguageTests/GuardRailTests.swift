import Foundation
import Random
import Testing
@testable import Language

/// Runaway programs end with clean errors, never a crash.
@Suite struct GuardRailTests {
    @Test func stepLimitStopsEndlessLoops() {
        let limits = Interpreter.Limits(steps: 10_000)
        #expect(firstLine(ofFailure: "while true { }", limits: limits)
                == "t.gns:1:7: error: step limit reached: the program ran more than 10000 steps (an endless loop?); raise it with --max-steps")
        #expect(firstLine(ofFailure: "let i = 0\nwhile true { i = i + 1 }", limits: limits)?.contains("step limit reached") == true)
        #expect(firstLine(ofFailure: "for i in 0..1000000000 { }", limits: limits)?.contains("step limit reached") == true)
        // Under the limit, the same kind of loop finishes.
        #expect(failure(of: "for i in 0..1000 { }", limits: limits) == nil)
    }

    @Test func callDepthLimitStopsRunawayRecursion() {
        let limits = Interpreter.Limits(callDepth: 200)
        let message = firstLine(ofFailure: "def down(n) { return down(n + 1) }\ndown(0)", limits: limits)
        #expect(message == "t.gns:1:22: error: recursion too deep: more than 200 nested calls (runaway recursion?)")
        // Recursion within the limit works.
        #expect(failure(of: "def down(n) { if n == 0 { return 0 } return down(n - 1) }\nprint(down(150))", limits: limits) == nil)
    }

    @Test func deepRecursionEndsCleanlyWithTheDefaultLimits() {
        // Far deeper than the native stack could take: the native-stack guard or the depth limit stops it.
        let message = failure(of: "def down(n) { return 1 + down(n + 1) }\ndown(0)")
        #expect(message?.contains("recursion too deep") == true)
        // A long call stack is reported; each frame names the function and its call site.
        #expect(message?.contains("in down, called at t.gns:1:26") == true)
    }

    @Test func deepRecursionWorksOnASmallThreadStack() async throws {
        // Inference runs models on worker threads whose stacks may be small (512 KiB).
        let result = await withCheckedContinuation { continuation in
            let thread = Thread {
                continuation.resume(returning: failure(of: "def down(n) { return 1 + down(n + 1) }\ndown(0)"))
            }
            thread.stackSize = 512 * 1024
            thread.start()
        }
        #expect(result?.contains("recursion too deep") == true)
    }

    @Test func longestAcceptedExpressionsResolveAndRunOnAWorkerThread() async throws {
        // The parser accepts trees up to `Parser.maximumDepth` deep; the resolver, the evaluator and freeing
        // the tree walk them recursively. Release builds fit the deepest in 512 KiB (see `maximumDepth`); debug
        // builds take ~4x the stack per level, so the test gives the thread 4 MiB, half the main thread's.
        let terms = Parser.maximumDepth - 10
        let sum = "print(" + Array(repeating: "1", count: terms).joined(separator: " + ") + ")"
        let calls = "def f() { return f }\nprint(f" + String(repeating: "()", count: terms) + " == f)"
        let products = "print(0" + String(repeating: " * 2", count: terms) + ")"
        let result: Result<[String], any Error> = await withCheckedContinuation { continuation in
            let thread = Thread {
                continuation.resume(returning: Result { try output(of: sum) + output(of: calls) + output(of: products) })
            }
            thread.stackSize = 4 << 20
            thread.start()
        }
        #expect(try result.get() == ["\(terms)", "true", "0"])
    }
}

