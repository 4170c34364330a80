import Foundation
import Testing
@testable import Language

/// The memory guard (`Interpreter.Limits.elements`) stops values that would exhaust memory before they are
/// built, and building or copying a value counts against the step limit by its size.
@Suite struct MemoryGuardTests {
    let small = Interpreter.Limits(elements: 1_000)

    @Test func listsAndStringsOverTheLimitAreErrorsAtTheirSite() throws {
        let limit = "would pass the memory limit of 1000 elements per value; raise it with --max-elements"
        #expect(firstLine(ofFailure: "let xs = range(0, 2000)", limits: small)
                == "t.gns:1:10: error: range: a range of 2000 elements \(limit)")
        #expect(firstLine(ofFailure: "print(len(zeros(1001)))", limits: small)
                == "t.gns:1:11: error: zeros: a list of 1001 elements \(limit)")
        #expect(firstLine(ofFailure: "let xs = zeros(600)\nlet ys = xs + xs", limits: small)
                == "t.gns:2:13: error: a list of 1200 elements \(limit)")
        #expect(firstLine(ofFailure: "let s = \"ab\"\nwhile true { s = s + s }", limits: small)
                == "t.gns:2:20: error: a string of 1024 elements \(limit)")
        #expect(firstLine(ofFailure: "let xs = []\nwhile true { xs = append(xs, 1) }", limits: small)
                == "t.gns:2:19: error: append: a list of 1001 elements \(limit)")
        #expect(firstLine(ofFailure: "print(len(str(zeros(900))))", limits: small)?.contains("str: a string of") == true)
        // A range whose length overflows Int is refused, not computed.
        #expect(firstLine(ofFailure: "range(-9e18, 9e18)")?.contains("range: a range of") == true)
        // Up to the limit, the same values are built.
        #expect(try output(of: "print(len(range(0, 1000)), len(zeros(1000)))", limits: small) == ["1000 1000"])
    }

    @Test func doublingAStringStopsWithTheDefaultLimits() {
        // Used to run until the process was killed at about 5 GB.
        let message = firstLine(ofFailure: "let s = \"x\"\nwhile true { s = s + s }")
        #expect(message == "t.gns:2:20: error: a string of 16777216 elements would pass the memory limit of 10000000 elements per value; raise it with --max-elements")
    }

    @Test func appendingToAListNothingElseHoldsIsLinear() throws {
        // 20,000 in-place appends cost two steps each (loop iteration, statement); if each copied its list, the
        // copies alone would count 20,000 * 19,999 / 2 ≈ 2e8 steps, far past this limit.
        let limits = Interpreter.Limits(steps: 100_000)
        #expect(try output(of: "let xs = []\nfor i in 0..20000 { xs = append(xs, i) }\nprint(len(xs), xs[19999])", limits: limits)
                == ["20000 19999"])
        // Appending inside a function to an outer variable takes the same path.
        #expect(try output(of: "let xs = []\ndef add(x) { xs = append(xs, x) }\nfor i in 0..20000 { add(i) }\nprint(len(xs))",
                           limits: limits) == ["20000"])
        // And it is fast: 200,000 appends took minutes when each one copied.
        let started = Date()
        #expect(try output(of: "let xs = []\nfor i in 0..200000 { xs = append(xs, i) }\nprint(len(xs))") == ["200000"])
        #expect(Date().timeIntervalSince(started) < 20)
    }

    @Test func copyingBuiltinsCountTheirWork() {
        // `ys = append(xs, ...)` must copy (xs stays as it was), so each call counts the list's length.
        let source = "let xs = zeros(5000)\nfor i in 0..100 { let ys = append(xs, i) }"
        #expect(firstLine(ofFailure: source, limits: Interpreter.Limits(steps: 100_000))?.contains("step limit reached") == true)
        #expect(failure(of: source, limits: Interpreter.Limits(steps: 1_000_000)) == nil)
    }

    @Test func appendInPlaceKeepsValueSemantics() throws {
        // Another variable holding the list keeps the old value.
        #expect(try output(of: "let xs = [1]\nlet ys = xs\nxs = append(xs, 2)\nprint(xs, ys)") == ["[1, 2] [1]"])
        // A list held inside another value is not changed through it.
        #expect(try output(of: "let xs = [1]\nlet r = {a: xs}\nxs = append(xs, 2)\nprint(xs, r.a)") == ["[1, 2] [1]"])
        // The element's evaluation may reassign the list: the call appends to the list it read first.
        let reassigning = "let xs = [1]\ndef f() { xs = [7, 7, 7]\n return 2 }\nxs = append(xs, f())\nprint(xs)"
        #expect(try output(of: reassigning) == ["[1, 2]"])
        // Anything but a list fails as the call does, under its argument.
        #expect(firstLine(ofFailure: "let xs = 3\nxs = append(xs, 1)") == "t.gns:2:13: error: append: 'list' must be a list, got a number")
        // A value too deeply nested to append is refused as before.
        let deep = "let v = 0\nfor i in 0..256 { v = [v] }\nlet xs = []\nxs = append(xs, v)"
        #expect(firstLine(ofFailure: deep)?.contains("value nested deeper than 256 levels") == true)
    }
}
