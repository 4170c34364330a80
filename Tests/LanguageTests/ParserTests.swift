import Testing
@testable import Language

@Suite struct ParserTests {
    /// The tree of `source` as an S-expression; records any diagnostics.
    func tree(_ source: String) -> String {
        let (statements, diagnostics) = Parser.parse(SourceFile(name: "t.gns", text: source))
        #expect(diagnostics.isEmpty, "\(diagnostics.map(\.description))")
        return SyntaxPrinter.print(statements)
    }

    func errors(_ source: String) -> [String] {
        Parser.parse(SourceFile(name: "t.gns", text: source)).diagnostics.map { "\($0.location): \($0.message)" }
    }

    // One test per grammar rule, in the order of Grammar/gns.ebnf.

    @Test func program() {
        #expect(tree("") == "")
        #expect(tree("a\nb; c") == "a b c")
    }

    @Test func importDecl() {
        #expect(tree("import \"lib/shapes.gns\"") == "(import \"lib/shapes.gns\")")
        #expect(errors("import shapes") == ["t.gns:1:8: expected a file name in quotes after 'import', e.g. import \"shapes.gns\", found name 'shapes'"])
        #expect(errors("def f() { import \"a.gns\" }") == ["t.gns:1:11: 'import' is only allowed at the top level of a file"])
    }

    @Test func functionDeclAndParameters() {
        #expect(tree("def f() { }") == "(def f () ())")
        #expect(tree("def f(a, b = 2,) { return a + b }") == "(def f (a (b 2)) ((return (+ a b))))")
        #expect(tree("def f(\n  a,\n  b\n) {\n}") == "(def f (a b) ())")
        #expect(errors("def (a) {}") == ["t.gns:1:5: expected a function name after 'def', found '('"])
        #expect(errors("def f(a b) {}") == ["t.gns:1:9: expected ')' after the parameters of 'f', found name 'b'"])
    }

    @Test func letStmt() {
        #expect(tree("let x = 1") == "(let x 1)")
        #expect(errors("let = 1") == ["t.gns:1:5: expected a variable name after 'let', found '='"])
        #expect(errors("let x 1") == ["t.gns:1:7: expected '=' after 'let x', found number 1"])
    }

    @Test func ifStmt() {
        #expect(tree("if a { b }") == "(if a (b))")
        #expect(tree("if a { b } else { c }") == "(if a (b) (block c))")
        #expect(tree("if a { b } else if c { d } else { e }") == "(if a (b) (if c (d) (block e)))")
        #expect(errors("if a b") == ["t.gns:1:6: expected '{' to start a block, found name 'b'"])
    }

    @Test func forStmt() {
        #expect(tree("for i in 0..n { f(i) }") == "(for i (.. 0 n) ((call f i)))")
        #expect(tree("for x in xs { }") == "(for x xs ())")
        #expect(tree("for i in a + 1..len(xs) - 1 { }") == "(for i (.. (+ a 1) (- (call len xs) 1)) ())")
        #expect(errors("for i 0..3 {}") == ["t.gns:1:7: expected 'in' after 'for i', found number 0"])
    }

    @Test func whileBreakContinueReturn() {
        #expect(tree("while x < 3 { break; continue }") == "(while (< x 3) ((break) (continue)))")
        #expect(tree("def f() { return }") == "(def f () ((return)))")
        #expect(tree("def f() { return\n1 }") == "(def f () ((return) 1))")
        #expect(tree("def f() { return 1 }") == "(def f () ((return 1)))")
        #expect(errors("while x { break 2 }") == ["t.gns:1:17: expected the end of the statement (a line break or ';'), found number 2"])
    }

    @Test func block() {
        #expect(tree("{ let a = 1\n { a } }") == "(block (let a 1) (block a))")
        #expect(errors("{ a") == ["t.gns:1:4: expected '}' to close the block, found end of file"])
    }

    @Test func expressionStmtAndAssignment() {
        #expect(tree("x = 1") == "(= x 1)")
        #expect(tree("xs[i] = 2") == "(= (index xs i) 2)")
        #expect(tree("r.pos.x = 3") == "(= (. (. r pos) x) 3)")
        #expect(errors("f(x) = 3") == ["t.gns:1:6: cannot assign to this expression; assign to a variable, a list element or a record field"])
        #expect(errors("a b") == ["t.gns:1:3: expected the end of the statement (a line break or ';'), found name 'b'"])
    }

    @Test func precedenceLoosestToTightest() {
        #expect(tree("a or b and not c == d + e * -f ** g") == "(or a (and b (not (== c (+ d (* e (- (** f g))))))))")
        #expect(tree("a - b - c") == "(- (- a b) c)")
        #expect(tree("a / b % c * d") == "(* (% (/ a b) c) d)")
        #expect(tree("a ** b ** c") == "(** a (** b c))")
        #expect(tree("-2 ** 2") == "(- (** 2 2))")
        #expect(tree("2 ** -1") == "(** 2 (- 1))")
        #expect(tree("not not a") == "(not (not a))")
        #expect(tree("a != b; a < b; a <= b; a > b; a >= b") == "(!= a b) (< a b) (<= a b) (> a b) (>= a b)")
        #expect(tree("(a + b) * c") == "(* (+ a b) c)")
    }

    @Test func comparisonsDoNotChain() {
        #expect(errors("a < b < c") == ["t.gns:1:7: comparisons do not chain; write 'a < b and b < c'"])
    }

    @Test func namespacedCalls() {
        #expect(tree("part(c) at (\"part\", i)") == "(at (call part c) (tuple \"part\" i))")
        #expect(tree("let s = f() at \"a\" + 1") == "(let s (+ (at (call f) \"a\") 1))")
        #expect(errors("x at \"a\"") == ["t.gns:1:3: only a function call can be placed under an address with 'at', e.g. part(canvas) at (\"part\", i)"])
    }

    @Test func postfixAndArguments() {
        #expect(tree("f(1)(2)[3].x") == "(. (index (call (call f 1) 2) 3) x)")
        #expect(tree("importance(coin, args, particles: 2000,)") == "(call importance coin args particles: 2000)")
        #expect(tree("f(\n  a,\n  b: 2\n)") == "(call f a b: 2)")
        #expect(tree("r\n  .x") == "(. r x)")
        #expect(errors("f(1, 2") == ["t.gns:1:7: expected ')' after the arguments, found end of file"])
    }

    @Test func primaries() {
        #expect(tree("1; 2.5; \"s\"; true; false; nil; name") == "1 2.5 \"s\" true false nil name")
        #expect(tree("(a)") == "a")
        #expect(tree("(a,)") == "(tuple a)")
        #expect(tree("(\"stroke\", i, \"delta\", t)") == "(tuple \"stroke\" i \"delta\" t)")
        #expect(tree("let xs = [1, [2, 3], ]") == "(let xs [1 [2 3]])")
        #expect(tree("let e = []") == "(let e [])")
        #expect(tree("let r = {x: 1, y: {z: 2}}") == "(let r {x: 1 y: {z: 2}})")
        #expect(tree("let r = {}") == "(let r {})")
        #expect(errors("let r = {1: 2}") == ["t.gns:1:10: expected a field name in the record, e.g. {x: 1, y: 2}, found number 1"])
        #expect(errors("let r = ()") == ["t.gns:1:10: expected an expression, found ')'"])
    }

    @Test func lambda() {
        #expect(tree("let d = fn(x) => x * 2") == "(let d (fn (x) ((return (* x 2)))))")
        #expect(tree("map(xs, fn(x) {\n let y = x\n return y\n})") == "(call map xs (fn (x) ((let y x) (return y))))")
        #expect(errors("let f = fn(x) x") == ["t.gns:1:15: expected '=>' or '{' after the parameters of 'fn', found name 'x'"])
    }

    @Test func lineBreaksEndStatementsOutsideBrackets() {
        // A line starting with an operator does not continue the previous line.
        #expect(errors("let a = 1\n  + 2") == ["t.gns:2:3: expected an expression, found '+'; to continue an expression on the next line, end the previous line with the operator"])
        #expect(tree("let a = 1 +\n  2") == "(let a (+ 1 2))")
        #expect(tree("let a = (1\n  + 2)") == "(let a (+ 1 2))")
        // `f` then a list on the next line: two statements, not an index.
        #expect(tree("f\n[1]") == "f [1]")
        // A block inside brackets makes line breaks significant again.
        #expect(tree("g(fn() {\n a\n -b\n})") == "(call g (fn () (a (- b))))")
    }

    @Test func severalErrorsInOneRun() {
        let source = """
        let a = )
        let b = 2
        def f(x y) {
          let c = ]
        }
        let d = 1 +
        """
        #expect(errors(source) == [
            "t.gns:1:9: expected an expression, found ')'",
            "t.gns:3:9: expected ')' after the parameters of 'f', found name 'y'",
            "t.gns:6:12: expected an expression, found end of file",
        ])
        let inBlock = "def f() {\n  let a = )\n  let b = ]\n}\nlet c = ["
        #expect(errors(inBlock) == [
            "t.gns:2:11: expected an expression, found ')'",
            "t.gns:3:11: expected an expression, found ']'",
            "t.gns:5:10: expected an expression, found end of file",
        ])
    }

    @Test func nestingIsBoundedWithoutCrashing() {
        let deep = String(repeating: "(", count: 5000) + "1" + String(repeating: ")", count: 5000)
        #expect(errors(deep).first?.hasSuffix("too deeply nested (more than \(Parser.maximumNesting) levels)") == true)
        let negations = "let x = " + String(repeating: "-", count: 5000) + "1"
        #expect(errors(negations).count == 1)
        let elseIfs = "if a {}" + String(repeating: " else if a {}", count: 5000)
        #expect(errors(elseIfs).count == 1)
        let blocks = String(repeating: "{", count: 5000)
        #expect(errors(blocks).count == 1)
    }

    /// 20 000 levels (a hundred times the native stack's worth) of every construct that nests: by recursion in the parser (brackets, prefix operators,
    /// `**`, lambdas, call arguments) or by a loop building a left-deep tree (operator and postfix chains), which
    /// the resolver, the evaluator and freeing the tree would walk recursively.
    static let deepExpressions: [String: String] = {
        let n = 20_000
        return [
            "parentheses": repeated("(", n) + "1" + repeated(")", n),
            "lists": repeated("[", n) + repeated("]", n),
            "records": repeated("{a: ", n) + "1" + repeated("}", n),
            "negations": repeated("-", n) + "1",
            "nots": repeated("not ", n) + "true",
            "lambdas": repeated("fn() => ", n) + "1",
            "powers": "2" + repeated(" ** 2", n),
            "sums": "1" + repeated(" + 1", n),
            "products": "2" + repeated(" * 2", n),
            "ands": "true" + repeated(" and true", n),
            "ors": "false" + repeated(" or false", n),
            "indices": "xs" + repeated("[0]", n),
            "fields": "r" + repeated(".a", n),
            "calls": "f" + repeated("()", n),
            "arguments": repeated("f(", n) + repeated(")", n),
        ]
    }()

    @Test(arguments: deepExpressions.keys.sorted())
    func deepNestingAndLongChainsEndInOneCleanError(construct: String) throws {
        let found = errors("let y = " + (try #require(Self.deepExpressions[construct])))
        #expect(found.count == 1)
        #expect(found.first?.contains("too deeply nested") == true, "\(found.first?.prefix(200) ?? "")")
    }

    @Test func chainsBelowTheDepthLimitParse() {
        let terms = Parser.maximumDepth - 10
        let source = "let y = " + Array(repeating: "1", count: terms).joined(separator: " + ")
        #expect(errors(source).isEmpty)
        #expect(errors("let y = xs" + repeated("[0]", Parser.maximumDepth - 10)).isEmpty)
    }
}

/// `text` `count` times over.
private func repeated(_ text: String, _ count: Int) -> String { String(repeating: text, count: count) }
