/// Recursive-descent parser: one method per rule of `Grammar/gns.ebnf`, in the
/// grammar's order, so the two read side by side.
///
/// After a syntax error the parser records it, skips to the start of the next
/// statement and goes on, so one run reports several errors (as in Crafting
/// Interpreters). Nesting is bounded so no input can exhaust the native stack: the
/// parser's own recursion, and the depth of the tree it builds, which the resolver, the
/// evaluator and Swift's freeing of the tree walk recursively again.
struct Parser {
    /// Deepest nesting of blocks and sub-expressions accepted (each costs a dozen parser frames).
    static let maximumNesting = 200
    /// Deepest syntax tree accepted: nesting plus the links of operator chains (`a + b + c`),
    /// postfix chains (`f(x)[0].y`) and `**`, each of which puts the tree one level deeper.
    /// Evaluating a 500-link call chain `f()()...` takes ~450 KiB of stack in a release build
    /// (measured under `ulimit -s`), the costliest construct; 400 keeps it within a 512 KiB thread.
    static let maximumDepth = 400
    /// The parse stops after this many errors: later ones are mostly echoes.
    static let maximumErrors = 20

    private let tokens: [Token]
    private var position = 0
    /// Open `(`, `[` or record `{` around the current token: inside them line breaks do not end anything.
    private var bracketDepth = 0
    private var nesting = 0
    /// Depth of the tree above the node being parsed (an upper bound: chains count every link).
    private var depth = 0
    /// Set when nesting overflowed: the rest of the file is skipped, not resynchronised.
    private var abandoned = false
    private(set) var diagnostics: [Diagnostic] = []

    /// Thrown to unwind to the nearest statement after an error was recorded.
    private struct Unwind: Error {}

    init(tokens: [Token]) {
        self.tokens = tokens
    }

    /// Parses a whole file; lexical and syntax errors are returned together, in source order.
    static func parse(_ file: SourceFile) -> (statements: [Statement], diagnostics: [Diagnostic]) {
        let (tokens, lexicalErrors) = Lexer.tokenize(file)
        var parser = Parser(tokens: tokens)
        let statements = parser.program()
        let all = (lexicalErrors + parser.diagnostics).sorted {
            ($0.location.line, $0.location.column) < ($1.location.line, $1.location.column)
        }
        return (statements, Array(all.prefix(maximumErrors)))
    }

    // MARK: Declarations

    /// program = { topLevel } EOF ;
    mutating func program() -> [Statement] {
        var statements: [Statement] = []
        while !check(.endOfFile) && diagnostics.count < Self.maximumErrors {
            let start = position
            do {
                statements.append(try topLevel())
            } catch {
                synchronize(from: start)
            }
        }
        return statements
    }

    /// topLevel = importDecl | declaration ;
    private mutating func topLevel() throws -> Statement {
        check(.import) ? try importDecl() : try declaration()
    }

    /// importDecl = "import" STRING end ;
    private mutating func importDecl() throws -> Statement {
        let keyword = advance()
        let path = try expect(.string, "expected a file name in quotes after 'import', e.g. import \"shapes.gns\"")
        try end()
        return Statement(kind: .import(path: path.text), location: keyword.location)
    }

    /// declaration = functionDecl | statement ;
    private mutating func declaration() throws -> Statement {
        if check(.def) { return try functionDecl() }
        if check(.import) {
            throw error(at: peek, "'import' is only allowed at the top level of a file")
        }
        return try statement()
    }

    /// functionDecl = "def" IDENTIFIER "(" [ parameterList ] ")" block ;
    private mutating func functionDecl() throws -> Statement {
        let keyword = advance()
        let name = try expect(.identifier, "expected a function name after 'def'")
        try expect(.leftParen, "expected '(' after the function name '\(name.text)'")
        let parameters = try bracketed { try $0.check(.rightParen) ? [] : $0.parameterList() }
        try expect(.rightParen, "expected ')' after the parameters of '\(name.text)'")
        let body = try block()
        let declaration = FunctionDeclaration(name: name.text, location: name.location, parameters: parameters, body: body)
        return Statement(kind: .function(declaration), location: keyword.location)
    }

    /// parameterList = parameter { "," parameter } [ "," ] ;
    private mutating func parameterList() throws -> [Parameter] {
        var parameters = [try parameter()]
        while match(.comma) {
            if check(.rightParen) { break }
            parameters.append(try parameter())
        }
        return parameters
    }

    /// parameter = IDENTIFIER [ "=" expression ] ;
    private mutating func parameter() throws -> Parameter {
        let name = try expect(.identifier, "expected a parameter name")
        let defaultValue = match(.equal) ? try expression() : nil
        return Parameter(name: name.text, location: name.location, defaultValue: defaultValue)
    }

    // MARK: Statements

    /// statement = letStmt | ifStmt | forStmt | whileStmt | breakStmt | continueStmt | returnStmt | block | expressionStmt ;
    private mutating func statement() throws -> Statement {
        switch peek.kind {
        case .let: return try letStmt()
        case .if: return try ifStmt()
        case .for: return try forStmt()
        case .while: return try whileStmt()
        case .break: return try breakStmt()
        case .continue: return try continueStmt()
        case .return: return try returnStmt()
        case .leftBrace:
            let location = peek.location
            return Statement(kind: .block(try block()), location: location)
        default: return try expressionStmt()
        }
    }

    /// letStmt = "let" IDENTIFIER "=" expression end ;
    private mutating func letStmt() throws -> Statement {
        let keyword = advance()
        let name = try expect(.identifier, "expected a variable name after 'let'")
        try expect(.equal, "expected '=' after 'let \(name.text)'")
        let value = try expression()
        try end()
        return Statement(kind: .let(Identifier(name: name.text, location: name.location), value: value), location: keyword.location)
    }

    /// ifStmt = "if" expression block [ "else" ( ifStmt | block ) ] ;
    private mutating func ifStmt() throws -> Statement {
        try nested { parser in
            let keyword = parser.advance()
            let condition = try parser.expression()
            let then = try parser.block()
            var orElse: Statement?
            if parser.match(.else) {
                if parser.check(.if) {
                    orElse = try parser.ifStmt()
                } else {
                    let location = parser.peek.location
                    orElse = Statement(kind: .block(try parser.block()), location: location)
                }
            }
            return Statement(kind: .if(condition: condition, then: then, orElse: orElse), location: keyword.location)
        }
    }

    /// forStmt = "for" IDENTIFIER "in" expression [ ".." expression ] block ;
    private mutating func forStmt() throws -> Statement {
        let keyword = advance()
        let name = try expect(.identifier, "expected a loop variable name after 'for'")
        try expect(.in, "expected 'in' after 'for \(name.text)'")
        let sequence = try expression()
        let end = match(.dotDot) ? try expression() : nil
        let body = try block()
        let variable = Identifier(name: name.text, location: name.location)
        return Statement(kind: .for(variable: variable, sequence: sequence, end: end, body: body), location: keyword.location)
    }

    /// whileStmt = "while" expression block ;
    private mutating func whileStmt() throws -> Statement {
        let keyword = advance()
        let condition = try expression()
        return Statement(kind: .while(condition: condition, body: try block()), location: keyword.location)
    }

    /// breakStmt = "break" end ;
    private mutating func breakStmt() throws -> Statement {
        let keyword = advance()
        try end()
        return Statement(kind: .break, location: keyword.location)
    }

    /// continueStmt = "continue" end ;
    private mutating func continueStmt() throws -> Statement {
        let keyword = advance()
        try end()
        return Statement(kind: .continue, location: keyword.location)
    }

    /// returnStmt = "return" [ expression ] end ;
    private mutating func returnStmt() throws -> Statement {
        let keyword = advance()
        let endsHere = check(.semicolon) || check(.rightBrace) || check(.endOfFile) || peek.startsLine
        let value = endsHere ? nil : try expression()
        try end()
        return Statement(kind: .return(value), location: keyword.location)
    }

    /// block = "{" { declaration } "}" ;
    private mutating func block() throws -> [Statement] {
        try nested { parser in
            try parser.expect(.leftBrace, "expected '{' to start a block")
            // Inside a block line breaks end statements again, even within brackets around it (a lambda argument).
            let outerBrackets = parser.bracketDepth
            parser.bracketDepth = 0
            defer { parser.bracketDepth = outerBrackets }
            var statements: [Statement] = []
            while !parser.check(.rightBrace) && !parser.check(.endOfFile) {
                let start = parser.position
                do {
                    statements.append(try parser.declaration())
                } catch {
                    if parser.abandoned || parser.diagnostics.count >= Self.maximumErrors { throw error }
                    parser.synchronize(from: start)
                }
            }
            try parser.expect(.rightBrace, "expected '}' to close the block")
            return statements
        }
    }

    /// expressionStmt = expression [ "=" expression ] end ;
    private mutating func expressionStmt() throws -> Statement {
        let location = peek.location
        let target = try expression()
        if check(.equal) {
            let equals = advance()
            guard Self.isAssignable(target) else {
                throw error(at: equals, "cannot assign to this expression; assign to a variable, a list element or a record field")
            }
            let value = try expression()
            try end()
            return Statement(kind: .assign(target: target, value: value), location: location)
        }
        try end()
        return Statement(kind: .expression(target), location: location)
    }

    /// end = ";" | (* a line break *) | (* before "}" or EOF *) ;
    private mutating func end() throws {
        if match(.semicolon) || check(.rightBrace) || check(.endOfFile) || peek.startsLine { return }
        throw error(at: peek, "expected the end of the statement (a line break or ';'), found \(peek.quoted)")
    }

    // MARK: Expressions

    /// expression = or ;
    mutating func expression() throws -> Expression {
        try nested { try $0.or() }
    }

    /// or = and { "or" and } ;
    private mutating func or() throws -> Expression {
        let outer = depth
        defer { depth = outer }
        var left = try and()
        while let op = matchInfix(.or) {
            try deepen(at: op)
            left = Expression(kind: .binary(.or, left, try and()), location: op.location)
        }
        return left
    }

    /// and = not { "and" not } ;
    private mutating func and() throws -> Expression {
        let outer = depth
        defer { depth = outer }
        var left = try not()
        while let op = matchInfix(.and) {
            try deepen(at: op)
            left = Expression(kind: .binary(.and, left, try not()), location: op.location)
        }
        return left
    }

    /// not = "not" not | comparison ;
    private mutating func not() throws -> Expression {
        guard check(.not) else { return try comparison() }
        let op = advance()
        return try nested { Expression(kind: .not(try $0.not()), location: op.location) }
    }

    /// comparison = sum [ ( "==" | "!=" | "<" | "<=" | ">" | ">=" ) sum ] ;
    private mutating func comparison() throws -> Expression {
        let comparisons: [Token.Kind: BinaryOperator] = [
            .equalEqual: .equal, .bangEqual: .notEqual, .less: .less, .lessEqual: .lessEqual,
            .greater: .greater, .greaterEqual: .greaterEqual,
        ]
        let left = try sum()
        guard let op = matchInfix(Array(comparisons.keys)), let kind = comparisons[op.kind] else { return left }
        let result = Expression(kind: .binary(kind, left, try sum()), location: op.location)
        if let again = matchInfix(Array(comparisons.keys)) {
            throw error(at: again, "comparisons do not chain; write 'a < b and b < c'")
        }
        return result
    }

    /// sum = product { ( "+" | "-" ) product } ;
    private mutating func sum() throws -> Expression {
        let outer = depth
        defer { depth = outer }
        var left = try product()
        while let op = matchInfix([.plus, .minus]) {
            try deepen(at: op)
            left = Expression(kind: .binary(op.kind == .plus ? .add : .subtract, left, try product()), location: op.location)
        }
        return left
    }

    /// product = unary { ( "*" | "/" | "%" ) unary } ;
    private mutating func product() throws -> Expression {
        let outer = depth
        defer { depth = outer }
        var left = try unary()
        while let op = matchInfix([.star, .slash, .percent]) {
            try deepen(at: op)
            let kind: BinaryOperator = op.kind == .star ? .multiply : op.kind == .slash ? .divide : .remainder
            left = Expression(kind: .binary(kind, left, try unary()), location: op.location)
        }
        return left
    }

    /// unary = "-" unary | power ;
    private mutating func unary() throws -> Expression {
        guard check(.minus) else { return try power() }
        let op = advance()
        return try nested { Expression(kind: .negate(try $0.unary()), location: op.location) }
    }

    /// power = namespaced [ "**" unary ] ;
    private mutating func power() throws -> Expression {
        let base = try namespaced()
        guard let op = matchInfix(.starStar) else { return base }
        // `a ** b ** c` recurses through `unary` for each `**`.
        return try nested { Expression(kind: .binary(.power, base, try $0.unary()), location: op.location) }
    }

    /// namespaced = postfix [ "at" postfix ] ;
    private mutating func namespaced() throws -> Expression {
        let call = try postfix()
        guard let keyword = matchInfix(.at) else { return call }
        guard case .call = call.kind else {
            throw error(at: keyword, "only a function call can be placed under an address with 'at', e.g. part(canvas) at (\"part\", i)")
        }
        let address = try postfix()
        return Expression(kind: .namespaced(call, address: address), location: keyword.location.through(address.location))
    }

    /// postfix = primary { "(" [ argumentList ] ")" | "[" expression "]" | "." IDENTIFIER } ;
    private mutating func postfix() throws -> Expression {
        let outer = depth
        defer { depth = outer }
        var expression = try primary()
        while true {
            if let open = matchInfix(.leftParen) {
                try deepen(at: open)
                let arguments = try bracketed { try $0.check(.rightParen) ? [] : $0.argumentList() }
                let close = try expect(.rightParen, "expected ')' after the arguments")
                expression = Expression(kind: .call(expression, arguments), location: expression.location.through(close.location))
            } else if let open = matchInfix(.leftBracket) {
                try deepen(at: open)
                let index = try bracketed { try $0.expression() }
                let close = try expect(.rightBracket, "expected ']' after the index")
                expression = Expression(kind: .index(expression, index), location: open.location.through(close.location))
            } else if check(.dot) {
                let dot = advance()
                try deepen(at: dot)
                let name = try expect(.identifier, "expected a field name after '.'")
                expression = Expression(kind: .field(expression, name.text), location: dot.location.through(name.location))
            } else {
                return expression
            }
        }
    }

    /// argumentList = argument { "," argument } [ "," ] ;
    private mutating func argumentList() throws -> [Argument] {
        var arguments = [try argument()]
        while match(.comma) {
            if check(.rightParen) { break }
            arguments.append(try argument())
        }
        return arguments
    }

    /// argument = [ IDENTIFIER ":" ] expression ;
    private mutating func argument() throws -> Argument {
        if check(.identifier) && peekNext.kind == .colon {
            let label = advance()
            advance()
            return Argument(label: label.text, location: label.location, value: try expression())
        }
        let value = try expression()
        return Argument(label: nil, location: value.location, value: value)
    }

    /// primary = NUMBER | STRING | "true" | "false" | "nil" | IDENTIFIER | parenthesized | list | record | lambda ;
    private mutating func primary() throws -> Expression {
        let token = peek
        switch token.kind {
        case .number:
            advance()
            return Expression(kind: .number(token.number), location: token.location)
        case .string:
            advance()
            return Expression(kind: .string(token.text), location: token.location)
        case .true, .false:
            advance()
            return Expression(kind: .boolean(token.kind == .true), location: token.location)
        case .nil:
            advance()
            return Expression(kind: .nil, location: token.location)
        case .identifier:
            advance()
            return Expression(kind: .name(token.text), location: token.location)
        case .leftParen: return try parenthesized()
        case .leftBracket: return try list()
        case .leftBrace: return try record()
        case .fn: return try lambda()
        default:
            let infix: [Token.Kind] = [.plus, .star, .starStar, .slash, .percent, .equalEqual, .bangEqual, .less, .lessEqual,
                                       .greater, .greaterEqual, .and, .or, .dotDot, .at]
            let hint = token.startsLine && infix.contains(token.kind)
                ? "; to continue an expression on the next line, end the previous line with the operator" : ""
            throw error(at: token, "expected an expression, found \(token.quoted)" + hint)
        }
    }

    /// parenthesized = "(" expression [ "," [ expression { "," expression } [ "," ] ] ] ")" ;
    private mutating func parenthesized() throws -> Expression {
        let open = advance()
        let (elements, isTuple) = try bracketed { parser -> ([Expression], Bool) in
            var elements = [try parser.expression()]
            var isTuple = false
            while parser.match(.comma) {
                isTuple = true
                if parser.check(.rightParen) { break }
                elements.append(try parser.expression())
            }
            return (elements, isTuple)
        }
        let close = try expect(.rightParen, "expected ')'")
        guard isTuple else { return elements[0] }
        return Expression(kind: .tuple(elements), location: open.location.through(close.location))
    }

    /// list = "[" [ expression { "," expression } [ "," ] ] "]" ;
    private mutating func list() throws -> Expression {
        let open = advance()
        let elements = try bracketed { parser -> [Expression] in
            var elements: [Expression] = []
            while !parser.check(.rightBracket) {
                elements.append(try parser.expression())
                if !parser.match(.comma) { break }
            }
            return elements
        }
        let close = try expect(.rightBracket, "expected ']' or ',' in the list")
        return Expression(kind: .list(elements), location: open.location.through(close.location))
    }

    /// record = "{" [ field { "," field } [ "," ] ] "}" ;
    private mutating func record() throws -> Expression {
        let open = advance()
        let fields = try bracketed { parser -> [Field] in
            var fields: [Field] = []
            while !parser.check(.rightBrace) {
                fields.append(try parser.field())
                if !parser.match(.comma) { break }
            }
            return fields
        }
        let close = try expect(.rightBrace, "expected '}' or ',' in the record")
        return Expression(kind: .record(fields), location: open.location.through(close.location))
    }

    /// field = IDENTIFIER ":" expression ;
    private mutating func field() throws -> Field {
        let name = try expect(.identifier, "expected a field name in the record, e.g. {x: 1, y: 2}")
        try expect(.colon, "expected ':' after the field name '\(name.text)'")
        return Field(name: name.text, location: name.location, value: try expression())
    }

    /// lambda = "fn" "(" [ parameterList ] ")" ( "=>" expression | block ) ;
    private mutating func lambda() throws -> Expression {
        let keyword = advance()
        try expect(.leftParen, "expected '(' after 'fn'")
        let parameters = try bracketed { try $0.check(.rightParen) ? [] : $0.parameterList() }
        try expect(.rightParen, "expected ')' after the parameters")
        let body: [Statement]
        if let arrow = matchAny([.arrow]) {
            let value = try expression()
            body = [Statement(kind: .return(value), location: arrow.location)]
        } else if check(.leftBrace) {
            body = try block()
        } else {
            throw error(at: peek, "expected '=>' or '{' after the parameters of 'fn', found \(peek.quoted)")
        }
        let declaration = FunctionDeclaration(name: "fn", location: keyword.location, parameters: parameters, body: body)
        return Expression(kind: .lambda(declaration), location: keyword.location)
    }

    // MARK: Helpers

    private var peek: Token { tokens[position] }
    private var peekNext: Token { tokens[min(position + 1, tokens.count - 1)] }

    private func check(_ kind: Token.Kind) -> Bool { peek.kind == kind }

    @discardableResult
    private mutating func advance() -> Token {
        let token = tokens[position]
        if token.kind != .endOfFile { position += 1 }
        return token
    }

    private mutating func match(_ kind: Token.Kind) -> Bool {
        guard check(kind) else { return false }
        advance()
        return true
    }

    private mutating func matchAny(_ kinds: [Token.Kind]) -> Token? {
        kinds.contains(peek.kind) ? advance() : nil
    }

    /// An infix or postfix operator, which continues the expression only on the same
    /// line or inside brackets: a line break before it ends the statement instead.
    private mutating func matchInfix(_ kinds: [Token.Kind]) -> Token? {
        guard bracketDepth > 0 || !peek.startsLine else { return nil }
        return matchAny(kinds)
    }

    private mutating func matchInfix(_ kind: Token.Kind) -> Token? { matchInfix([kind]) }

    @discardableResult
    private mutating func expect(_ kind: Token.Kind, _ message: String) throws -> Token {
        guard check(kind) else {
            throw error(at: peek, peek.kind == .endOfFile ? message + ", found end of file" : message + ", found \(peek.quoted)")
        }
        return advance()
    }

    /// Records an error at `token` and returns the error that unwinds to the statement level.
    private mutating func error(at token: Token, _ message: String) -> any Error {
        diagnostics.append(Diagnostic(message, at: token.location))
        return Unwind()
    }

    /// Parses inside brackets, where line breaks do not end the expression.
    private mutating func bracketed<T>(_ body: (inout Parser) throws -> T) throws -> T {
        bracketDepth += 1
        defer { bracketDepth -= 1 }
        return try body(&self)
    }

    /// Runs a rule one nesting level deeper, failing cleanly past `maximumNesting`.
    private mutating func nested<T>(_ body: (inout Parser) throws -> T) throws -> T {
        guard nesting < Self.maximumNesting else {
            throw abandon(at: peek, "too deeply nested (more than \(Self.maximumNesting) levels)")
        }
        let outer = depth
        try deepen(at: peek)
        nesting += 1
        defer {
            nesting -= 1
            depth = outer
        }
        return try body(&self)
    }

    /// Puts the tree one level deeper for the rest of the current rule (a chain link at `token`),
    /// failing cleanly past `maximumDepth`.
    private mutating func deepen(at token: Token) throws {
        guard depth < Self.maximumDepth else {
            throw abandon(at: token, "expression too deeply nested (more than \(Self.maximumDepth) levels of operators, calls, "
                          + "indices, fields and brackets); split it with intermediate variables")
        }
        depth += 1
    }

    /// Records an error that leaves nothing after it parseable, and skips to the end of the file.
    private mutating func abandon(at token: Token, _ message: String) -> any Error {
        diagnostics.append(Diagnostic(message, at: token.location))
        position = tokens.count - 1
        abandoned = true
        return Unwind()
    }

    /// Skips tokens after an error up to the start of the next statement: a token
    /// that begins a line or a statement keyword, or just past a `;`. A `{ ... }` met on
    /// the way (counting from `start`, where the failed statement began) is skipped whole,
    /// so a broken `def` line does not spill its body into the enclosing block.
    private mutating func synchronize(from start: Int) {
        if position == start { advance() }
        var braces = 0
        for token in tokens[start..<position] {
            if token.kind == .leftBrace { braces += 1 }
            if token.kind == .rightBrace { braces = max(0, braces - 1) }
        }
        while !check(.endOfFile) {
            if braces == 0 {
                if tokens[position - 1].kind == .semicolon || peek.startsLine { return }
                switch peek.kind {
                case .def, .let, .if, .for, .while, .return, .import, .rightBrace: return
                default: break
                }
            }
            switch advance().kind {
            case .leftBrace: braces += 1
            case .rightBrace: braces -= 1
            default: break
            }
        }
    }

    /// Whether `expression` names a storage place: a variable, or an index/field chain on one.
    static func isAssignable(_ expression: Expression) -> Bool {
        switch expression.kind {
        case .name: return true
        case let .index(base, _), let .field(base, _): return isAssignable(base)
        default: return false
        }
    }
}
