import Foundation
import Testing
@testable import Language

/// Values nested past `Value.maximumNesting` stop with a located error where they are built, so no
/// walk over a value (`==`, `print`, `str`, addresses, detaching, `tensor`, freeing it) can exhaust
/// the native stack; values at the limit still work, on a small thread stack too.
@Suite struct NestingTests {
    /// Far deeper than an 8 MiB stack survives in a recursive walk or in freeing the value.
    static let deep = 200_000
    static let limit = Value.maximumNesting

    /// "value nested deeper than N levels", the message every case below must end in.
    static func tooDeep(_ line: Int, _ column: Int) -> String {
        "t.gns:\(line):\(column): error: value nested deeper than \(limit) levels (lists, records and distributions inside each other)"
    }

    @Test(arguments: ["print(x == x)", "print(x)", "print(str(x))", "print(len(x))", "sample((\"a\", x), normal(0, 1))",
                      "print(tensor(x))", "print([x] == [x])"])
    func nestedListStopsAtTheListThatIsTooDeep(use: String) {
        // Column 26 is the '[' of `[x]`: the list that would be one level too deep.
        let source = "let x = []\nfor i in 0..\(Self.deep) { x = [x] }\n\(use)"
        #expect(firstLine(ofFailure: source) == Self.tooDeep(2, 26))
    }

    @Test func nestedRecordsAndMixturesStopToo() {
        #expect(firstLine(ofFailure: "let r = {a: 1}\nfor i in 0..\(Self.deep) { r = {a: r} }\nprint(r)") == Self.tooDeep(2, 26))
        let mixed = "let v = 0\nfor i in 0..\(Self.deep) {\n  if i % 2 == 0 { v = {next: v, i: i} } else { v = [i, v] }\n}\nprint(v == v)"
        let message = firstLine(ofFailure: mixed)
        #expect(message == Self.tooDeep(3, 23) || message == Self.tooDeep(3, 52))
    }

    @Test func buildersOtherThanLiteralsAreBoundedAtTheirCall() {
        // `append` and `map` wrap a value in a list from Swift: the check is at the call.
        #expect(firstLine(ofFailure: "let x = []\nfor i in 0..\(Self.deep) { x = append([], x) }\nprint(x)") == Self.tooDeep(2, 26))
        #expect(firstLine(ofFailure: "let x = []\nfor i in 0..\(Self.deep) { x = map(fn(v) => x, [1]) }\nprint(x)") == Self.tooDeep(2, 26))
        // Assignment into an element nests the assigned value one level per accessor.
        let assigned = "let x = [0]\nfor i in 0..\(Self.deep) {\n  let y = [[0]]\n  y[0][0] = x\n  x = y\n}\nprint(x)"
        // Column 13 is the assigned value `x`.
        #expect(firstLine(ofFailure: assigned) == Self.tooDeep(4, 13))
    }

    @Test func sharedValuesAreCheckedInLinearTime() throws {
        // `x` holds the previous `x` twice: as a tree it has 2^60 leaves, but only 60 distinct lists.
        let lines = try output(of: """
            let x = 0
            for i in 0..60 { x = [x, {a: x, b: [x]}] }
            for i in 0..59 { x = x[1].b[0] }
            print(x)
            """)
        #expect(lines == ["[0, {a: 0, b: [0]}]"])
    }

    @Test func addressesStayFlatHoweverTheyAreBuilt() throws {
        // Tuples of tuples flatten, so an address built in a loop is one long path, never a deep one.
        let lines = try output(of: "let a = \"a\"\nfor i in 0..3000 { a = (a, i) }\nprint(len(a), a[2999], a[3000])")
        #expect(lines == ["3001 2998 2999"])
    }

    @Test func valuesAtTheLimitWorkOnASmallThreadStack() async throws {
        // Inference runs models on worker threads that may have 512 KiB stacks: every walk over a value
        // at the limit (compare, print, detach as a builtin argument, free) must fit there.
        let limit = Self.limit
        let source = """
            let x = 0
            for i in 0..\(limit) { x = [x] }
            print(x == x, x == [x[0]], len(str(x)))
            print(x)
            let r = 0
            for i in 0..\(limit) { r = {a: r} }
            print(r == r)
            """
        let result: Result<[String], any Error> = await withCheckedContinuation { continuation in
            let thread = Thread {
                continuation.resume(returning: Result { try output(of: source) })
            }
            thread.stackSize = 512 * 1024
            thread.start()
        }
        // The reference: the printed form written out directly.
        let printed = String(repeating: "[", count: limit) + "0" + String(repeating: "]", count: limit)
        #expect(try result.get() == ["true true \(printed.count)", printed, "true"])
        // One level more is the error.
        #expect(firstLine(ofFailure: "let x = 0\nfor i in 0..\(limit + 1) { x = [x] }") == Self.tooDeep(2, 20 + String(limit + 1).count))
    }
}
