import Testing
@testable import Language

@Suite struct DiagnosticTests {
    @Test func rendersLocationSourceLineAndCaret() {
        let file = SourceFile(name: "coin.gns", text: "def coin() {\n  let p = \"a\" + 1\n}\n")
        let diagnostic = Diagnostic("cannot add a string and a number", at: SourceSpan(file: file, line: 2, column: 15, length: 1))
        #expect(diagnostic.description == """
        coin.gns:2:15: error: cannot add a string and a number
         2 |   let p = "a" + 1
           |               ^
        """)
    }

    @Test func underlinesTheWholeTokenAndKeepsTabs() {
        let file = SourceFile(name: "t.gns", text: "\tlet x = normal(0, -1)")
        let diagnostic = Diagnostic("bad", at: SourceSpan(file: file, line: 1, column: 10, length: 13))
        // `normal(0, -1)` is 13 characters: a caret and 12 tildes, after a tab and 8 spaces.
        let last = diagnostic.description.split(separator: "\n").last.map(String.init) ?? ""
        #expect(last == "   | \t        ^" + String(repeating: "~", count: 12))
    }

    @Test func notesAndCallStackFollowTheError() {
        let file = SourceFile(name: "m.gns", text: "sample(\"a\", d)\nsample(\"a\", d)")
        var diagnostic = Diagnostic("address \"a\" is used twice", at: SourceSpan(file: file, line: 2, column: 1, length: 6),
                                    notes: [Diagnostic.Note("first used here", at: SourceSpan(file: file, line: 1, column: 1, length: 6))])
        diagnostic.callStack = [Diagnostic.CallFrame(function: "model", site: SourceSpan(file: file, line: 9, column: 3))]
        #expect(diagnostic.description == """
        m.gns:2:1: error: address "a" is used twice
         2 | sample("a", d)
           | ^~~~~~
        m.gns:1:1: note: first used here
         1 | sample("a", d)
           | ^~~~~~
          in model, called at m.gns:9:3
        """)
    }

    @Test func repeatedCallsCollapseIntoOneLineWithACount() {
        let file = SourceFile(name: "r.gns", text: "f(0)")
        let inner = Diagnostic.CallFrame(function: "f", site: SourceSpan(file: file, line: 1, column: 19))
        let outer = Diagnostic.CallFrame(function: "f", site: SourceSpan(file: file, line: 2, column: 1))
        var diagnostic = Diagnostic("recursion too deep", at: SourceSpan(file: file, line: 1, column: 1))
        diagnostic.callStack = Array(repeating: inner, count: 500) + [outer]
        let stackLines = diagnostic.description.split(separator: "\n").filter { $0.hasPrefix("  in ") || $0.hasPrefix("  [") }
        #expect(stackLines == [
            "  in f, called at r.gns:1:19",
            "  [the call above repeated 499 more times]",
            "  in f, called at r.gns:2:1",
        ])
    }

    @Test func caretIsClippedToTheLineAndEmptyLinesWork() {
        let file = SourceFile(name: "t.gns", text: "ab\r\n")
        let atEnd = Diagnostic("x", at: SourceSpan(file: file, line: 1, column: 2, length: 40))
        #expect(atEnd.description.hasSuffix(" 1 | ab\n   |  ^"))
        let pastEnd = Diagnostic("x", at: SourceSpan(file: file, line: 2, column: 1))
        #expect(pastEnd.description.hasSuffix(" 2 | \n   | ^"))
    }

    @Test func programErrorJoinsDiagnostics() {
        let (_, diagnostics) = Parser.parse(SourceFile(name: "t.gns", text: "let = 1\nlet b ="))
        let error = ProgramError(diagnostics)
        #expect(error.diagnostics.count == 2)
        #expect(error.description.contains("t.gns:1:5: error: expected a variable name after 'let', found '='\n 1 | let = 1\n   |     ^\n\nt.gns:2:8: error:"))
    }
}
