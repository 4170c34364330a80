import Testing
@testable import Language

@Suite struct LexerTests {
    func kinds(_ text: String) -> [Token.Kind] {
        Lexer.tokenize(SourceFile(name: "t.gns", text: text)).tokens.map(\.kind)
    }

    @Test func punctuationAndOperators() {
        #expect(kinds("( ) [ ] { } , . .. : ; =>") == [
            .leftParen, .rightParen, .leftBracket, .rightBracket, .leftBrace, .rightBrace,
            .comma, .dot, .dotDot, .colon, .semicolon, .arrow, .endOfFile,
        ])
        #expect(kinds("+ - * ** / % = == != < <= > >=") == [
            .plus, .minus, .star, .starStar, .slash, .percent, .equal, .equalEqual, .bangEqual,
            .less, .lessEqual, .greater, .greaterEqual, .endOfFile,
        ])
    }

    @Test func keywordsAndNames() {
        #expect(kinds("let lettuce at atom fn fnord _x9") == [.let, .identifier, .at, .identifier, .fn, .identifier, .identifier, .endOfFile])
        for (word, kind) in Token.keywords {
            #expect(kinds(word) == [kind, .endOfFile])
        }
    }

    @Test func numbers() {
        let tokens = Lexer.tokenize(SourceFile(name: "t.gns", text: "0 42 3.25 1e3 2.5E-2 7e+1")).tokens
        #expect(tokens.dropLast().map(\.number) == [0, 42, 3.25, 1000, 0.025, 70])
        // A range: `0..n` is not `0.` then `.n`.
        #expect(kinds("0..n") == [.number, .dotDot, .identifier, .endOfFile])
        // `1.x` is field access on 1, `2e` is 2 then the name e.
        #expect(kinds("1.x 2e") == [.number, .dot, .identifier, .number, .identifier, .endOfFile])
    }

    @Test func stringsDecodeEscapes() {
        let tokens = Lexer.tokenize(SourceFile(name: "t.gns", text: #""a\"b\\c\nd\te""#)).tokens
        #expect(tokens[0].kind == .string)
        #expect(tokens[0].text == "a\"b\\c\nd\te")
        #expect(tokens[0].location.length == 15)
    }

    @Test func commentsAndLineStarts() {
        let tokens = Lexer.tokenize(SourceFile(name: "t.gns", text: "a # comment ( \n  b c\n\n# only comment\nd")).tokens
        #expect(tokens.map(\.kind) == [.identifier, .identifier, .identifier, .identifier, .endOfFile])
        #expect(tokens.map(\.startsLine) == [true, true, false, true, false])
        #expect(tokens.map(\.location.line) == [1, 2, 2, 5, 5])
        #expect(tokens.map(\.location.column) == [1, 3, 5, 1, 2])
    }

    @Test func errorsAreReportedAndScanningContinues() {
        let (tokens, diagnostics) = Lexer.tokenize(SourceFile(name: "t.gns", text: "a $ b\n\"open\nc ! d \"x\\q\""))
        #expect(tokens.map(\.kind) == [.identifier, .identifier, .identifier, .identifier, .string, .endOfFile])
        #expect(diagnostics.map(\.location.description) == ["t.gns:1:3", "t.gns:2:1", "t.gns:3:3", "t.gns:3:9"])
        #expect(diagnostics[0].message == "unexpected character '$'")
        #expect(diagnostics[1].message.hasPrefix("unterminated string"))
        #expect(diagnostics[2].message.contains("write 'not'"))
        #expect(diagnostics[3].message.hasPrefix("unknown escape '\\q'"))
    }

    @Test func unicodeLettersAndColumnsCountCharacters() {
        let tokens = Lexer.tokenize(SourceFile(name: "t.gns", text: "λ = \"é\" + ü")).tokens
        #expect(tokens.map(\.kind) == [.identifier, .equal, .string, .plus, .identifier, .endOfFile])
        #expect(tokens.map(\.location.column) == [1, 3, 5, 9, 11, 12])
    }
}
