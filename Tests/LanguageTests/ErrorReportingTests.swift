import Testing
@testable import Language

/// Runtime errors: each kind at its exact place, with the caret and the `.gns` call stack.
@Suite struct ErrorReportingTests {
    @Test func typeMismatchShowsTheLineAndCaret() {
        #expect(failure(of: "let a = 1\nlet b = \"s\" + a") == """
        t.gns:2:13: error: cannot add a string and a number
         2 | let b = "s" + a
           |             ^
        """)
        #expect(firstLine(ofFailure: "let a = [1] * 2") == "t.gns:1:13: error: cannot multiply a list and a number")
        #expect(firstLine(ofFailure: "let a = nil < 1") == "t.gns:1:13: error: cannot compare nil and a number with '<'")
        #expect(firstLine(ofFailure: "let a = -\"x\"") == "t.gns:1:9: error: cannot negate a string")
        #expect(firstLine(ofFailure: "if 1 { }") == "t.gns:1:4: error: 'if' needs a boolean (true or false), got a number")
        #expect(firstLine(ofFailure: "let a = 1 and true") == "t.gns:1:9: error: 'and' needs a boolean (true or false), got a number")
        #expect(firstLine(ofFailure: "for x in 3 { }") == "t.gns:1:10: error: 'for' needs a list or a range 'a..b', got a number")
        #expect(firstLine(ofFailure: "for x in 0..1.5 { }") == "t.gns:1:13: error: a range bound must be an integer, got 1.5")
    }

    @Test func indexingAndFields() {
        #expect(failure(of: "let xs = [1, 2, 3]\nprint(xs[3])") == """
        t.gns:2:10: error: index 3 is out of range for a list of 3 elements
         2 | print(xs[3])
           |          ^
        """)
        #expect(firstLine(ofFailure: "let xs = [1]\nprint(xs[-2])") == "t.gns:2:10: error: index -2 is out of range for a list of 1 element")
        #expect(firstLine(ofFailure: "let xs = [1]\nprint(xs[0.5])") == "t.gns:2:10: error: a list index must be an integer, got 0.5")
        #expect(firstLine(ofFailure: "let n = 1\nprint(n[0])") == "t.gns:2:9: error: cannot index a number; only lists, strings, tensors, addresses, records, traces and choice maps can be indexed")
        #expect(firstLine(ofFailure: "let r = {x: 1}\nprint(r.y)") == "t.gns:2:8: error: the record has no field 'y' (fields: x)")
        #expect(firstLine(ofFailure: "let r = {width: 1}\nprint(r.widht)") == "t.gns:2:8: error: the record has no field 'widht'; did you mean 'width'? (fields: width)")
        #expect(firstLine(ofFailure: "let xs = [1]\nxs[5] = 2") == "t.gns:2:4: error: index 5 is out of range for a list of 1 element")
        #expect(firstLine(ofFailure: "let n = 1\nn.x = 2") == "t.gns:2:2: error: cannot assign field 'x' of a number; only record fields can be assigned")
    }

    @Test func callsOfValuesCheckedAtRunTime() {
        #expect(firstLine(ofFailure: "let f = 3\nf(1)") == "t.gns:2:1: error: cannot call a number; only functions can be called")
        #expect(firstLine(ofFailure: "let f = fn(a, b) => a\nf(1)") == "t.gns:2:1: error: fn is missing its argument 'b' (it takes 2 arguments, got 1)")
        #expect(firstLine(ofFailure: "let f = fn(a) => a\nf(1, 2, 3)") == "t.gns:2:6: error: fn takes 1 argument, got 3")
        #expect(firstLine(ofFailure: "let g = len\ng(5)") == "t.gns:2:3: error: len: 'collection' must be a list, a string, a tensor or an address, got a number")
    }

    @Test func runtimeErrorsShowTheCallStack() {
        let source = """
        def inner(x) {
          return x.missing
        }
        def outer(y) {
          return inner(y)
        }
        outer({a: 1})
        """
        #expect(failure(of: source) == """
        t.gns:2:11: error: the record has no field 'missing' (fields: a)
         2 |   return x.missing
           |           ^~~~~~~~
          in inner, called at t.gns:5:10
          in outer, called at t.gns:7:1
        """)
    }

    @Test func errorsInsideBuiltinCallbacksKeepTheStack() {
        let source = "def bad(x) { return x + \"s\" }\nprint(map(bad, [1]))"
        #expect(failure(of: source) == """
        t.gns:1:23: error: cannot add a number and a string
         1 | def bad(x) { return x + "s" }
           |                       ^
          in bad, called at t.gns:2:7
        """)
    }
}
