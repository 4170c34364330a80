import Testing
@testable import Language

/// Static checks: each reported before running, with file:line:col.
@Suite struct ResolverTests {
    func errors(_ source: String) -> [String] {
        do {
            _ = try Program(source: source, fileName: "t.gns")
            return []
        } catch {
            return error.diagnostics.map { "\($0.location): \($0.message)" }
        }
    }

    @Test func unknownNamesSuggestTheNearest() {
        #expect(errors("let total = 1\nprint(totl)") == ["t.gns:2:7: unknown name 'totl'; did you mean 'total'?"])
        #expect(errors("print(lenn([1]))") == ["t.gns:1:7: unknown name 'lenn'; did you mean 'len'?"])
        #expect(errors("print(zzzzzz)") == ["t.gns:1:7: unknown name 'zzzzzz'"])
        // A name is visible from its declaration on, not before.
        #expect(errors("print(later)\nlet later = 1") == ["t.gns:1:7: unknown name 'later'"])
        // Block scope ends at the brace.
        #expect(errors("{ let inner = 1 }\nprint(inner)") == ["t.gns:2:7: unknown name 'inner'"])
    }

    @Test func severalErrorsAtOnce() {
        #expect(errors("print(a)\nprint(b)") == ["t.gns:1:7: unknown name 'a'", "t.gns:2:7: unknown name 'b'"])
    }

    @Test func declarationConflicts() {
        #expect(errors("let x = 1\nlet x = 2") == ["t.gns:2:5: 'x' is already declared in this scope; use 'x = ...' to change a variable"])
        #expect(errors("def f(a, a) { }") == ["t.gns:1:10: 'a' is already declared in this scope; use 'a = ...' to change a variable"])
        #expect(errors("def f() {}\nlet f = 1") == ["t.gns:2:5: 'f' is already declared in this scope; use 'f = ...' to change a variable"])
        #expect(errors("let r = {a: 1, a: 2}") == ["t.gns:1:16: the field 'a' appears twice in this record"])
    }

    @Test func assignments() {
        #expect(errors("def f() {}\nf = 1") == ["t.gns:2:1: cannot assign to the function 'f'"])
        #expect(errors("len = 1") == ["t.gns:1:1: cannot assign to the builtin 'len'; declare a variable with 'let len = ...'"])
        #expect(errors("y = 1") == ["t.gns:1:1: unknown name 'y'; declare it with 'let y = ...'"])
    }

    @Test func controlFlowOutsideItsConstruct() {
        #expect(errors("break") == ["t.gns:1:1: 'break' outside a loop"])
        #expect(errors("for i in 0..2 { def f() { continue } }") == ["t.gns:1:27: 'continue' outside a loop"])
        #expect(errors("return 1") == ["t.gns:1:1: 'return' outside a function"])
    }

    @Test func callsOfBuiltinsAndDefsAreCheckedStatically() {
        #expect(errors("len([1], 2)") == ["t.gns:1:10: len takes 1 argument, got 2"])
        #expect(errors("normal(0)") == ["t.gns:1:1: normal is missing its argument 'standard_deviation' (it takes 2 arguments, got 1)"])
        #expect(errors("def f(a, b = 1) {}\nf(1, c: 2)") == ["t.gns:2:6: f has no parameter named 'c'"])
        #expect(errors("def f(count) {}\nf(1, cuont: 2)") == ["t.gns:2:6: f has no parameter named 'cuont'; did you mean 'count'?"])
        #expect(errors("def f(a) {}\nf(1, a: 2)") == ["t.gns:2:6: f got two values for 'a'"])
        #expect(errors("def f(a, b) {}\nf(a: 1, 2)") == ["t.gns:2:9: a positional argument cannot follow the keyword argument 'a:'"])
    }
}
