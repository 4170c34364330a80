/// Turns source text into tokens (the token rules at the end of `Grammar/gns.ebnf`).
///
/// Errors do not stop the scan: a bad character or unterminated string is reported
/// and skipped, so the parser still sees the rest of the file.
struct Lexer {
    private let file: SourceFile
    private let characters: [Character]
    private var index = 0
    private var line = 1
    private var column = 1
    private var sawLineBreak = true
    private(set) var diagnostics: [Diagnostic] = []

    init(file: SourceFile) {
        self.file = file
        self.characters = Array(file.text)
    }

    /// Every token of the file, ending with `.endOfFile`, and the lexical errors found.
    static func tokenize(_ file: SourceFile) -> (tokens: [Token], diagnostics: [Diagnostic]) {
        var lexer = Lexer(file: file)
        var tokens: [Token] = []
        while true {
            let token = lexer.next()
            tokens.append(token)
            if token.kind == .endOfFile { return (tokens, lexer.diagnostics) }
        }
    }

    private var current: Character? { index < characters.count ? characters[index] : nil }
    private func peek(_ offset: Int = 1) -> Character? {
        index + offset < characters.count ? characters[index + offset] : nil
    }

    private mutating func advance() {
        if characters[index].isNewline {
            line += 1
            column = 1
            sawLineBreak = true
        } else {
            column += 1
        }
        index += 1
    }

    private mutating func skipWhitespaceAndComments() {
        while let c = current {
            if c == "#" {
                while let d = current, !d.isNewline { advance() }
            } else if c.isWhitespace {
                advance()
            } else {
                return
            }
        }
    }

    /// The next token; lexical errors are recorded and scanning goes on.
    mutating func next() -> Token {
        while true {
            skipWhitespaceAndComments()
            let startIndex = index, startLine = line, startColumn = column
            let startsLine = sawLineBreak
            func make(_ kind: Token.Kind, text: String? = nil, number: Double = 0) -> Token {
                sawLineBreak = false
                return Token(
                    kind: kind, text: text ?? String(characters[startIndex..<index]), number: number,
                    location: SourceSpan(file: file, line: startLine, column: startColumn, length: index - startIndex),
                    startsLine: startsLine)
            }
            guard let c = current else { return make(.endOfFile, text: "") }
            advance()
            switch c {
            case "(": return make(.leftParen)
            case ")": return make(.rightParen)
            case "[": return make(.leftBracket)
            case "]": return make(.rightBracket)
            case "{": return make(.leftBrace)
            case "}": return make(.rightBrace)
            case ",": return make(.comma)
            case ":": return make(.colon)
            case ";": return make(.semicolon)
            case "+": return make(.plus)
            case "-": return make(.minus)
            case "/": return make(.slash)
            case "%": return make(.percent)
            case ".": return match(".") ? make(.dotDot) : make(.dot)
            case "*": return match("*") ? make(.starStar) : make(.star)
            case "=": return match("=") ? make(.equalEqual) : match(">") ? make(.arrow) : make(.equal)
            case "<": return match("=") ? make(.lessEqual) : make(.less)
            case ">": return match("=") ? make(.greaterEqual) : make(.greater)
            case "!":
                if match("=") { return make(.bangEqual) }
                report("unexpected character '!'; write 'not' for negation", line: startLine, column: startColumn)
            case "\"":
                if let value = scanString(line: startLine, column: startColumn) { return make(.string, text: value) }
            default:
                if c.isASCII && c.isNumber {
                    scanNumber()
                    let text = String(characters[startIndex..<index])
                    return make(.number, text: text, number: Double(text) ?? .nan)
                }
                if c == "_" || c.isLetter {
                    while let d = current, d == "_" || d.isLetter || d.isNumber { advance() }
                    let word = String(characters[startIndex..<index])
                    return make(Token.keywords[word] ?? .identifier)
                }
                report("unexpected character '\(c)'", line: startLine, column: startColumn)
            }
        }
    }

    private mutating func match(_ expected: Character) -> Bool {
        guard current == expected else { return false }
        advance()
        return true
    }

    /// Consumes the rest of a number whose first digit was consumed.
    private mutating func scanNumber() {
        func digits() { while let d = current, d.isASCII, d.isNumber { advance() } }
        digits()
        // `0..n` is a range, not the number `0.` followed by `.n`.
        if current == ".", let d = peek(), d.isASCII, d.isNumber {
            advance()
            digits()
        }
        if current == "e" || current == "E" {
            let sign = peek() == "+" || peek() == "-" ? 1 : 0
            if let d = peek(1 + sign), d.isASCII, d.isNumber {
                advance()
                if sign == 1 { advance() }
                digits()
            }
        }
    }

    /// The decoded value of a string literal whose opening quote was consumed, or nil
    /// (after reporting) when it is unterminated.
    private mutating func scanString(line startLine: Int, column startColumn: Int) -> String? {
        var value = ""
        while let c = current, c != "\"" {
            if c.isNewline { break }
            advance()
            guard c == "\\" else {
                value.append(c)
                continue
            }
            let escapeColumn = column - 1
            switch current {
            case "n": value.append("\n")
            case "t": value.append("\t")
            case "\"": value.append("\"")
            case "\\": value.append("\\")
            default:
                report("unknown escape '\\\(current.map(String.init) ?? "")' in string; use \\n, \\t, \\\" or \\\\", line: line, column: escapeColumn)
                continue
            }
            advance()
        }
        guard current == "\"" else {
            report("unterminated string (a string ends on the line it starts)", line: startLine, column: startColumn)
            return nil
        }
        advance()
        return value
    }

    private mutating func report(_ message: String, line: Int, column: Int) {
        diagnostics.append(Diagnostic(message, at: SourceSpan(file: file, line: line, column: column)))
    }
}
