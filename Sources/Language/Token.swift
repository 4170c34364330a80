/// A lexical token: its kind, its text and where it is.
struct Token: Sendable {
    /// Every kind of token in `Grammar/gns.ebnf`.
    enum Kind: Sendable, Equatable {
        // Literals and names.
        case identifier, number, string
        // Punctuation.
        case leftParen, rightParen, leftBracket, rightBracket, leftBrace, rightBrace
        case comma, dot, dotDot, colon, semicolon, arrow
        // Operators.
        case plus, minus, star, starStar, slash, percent
        case equal, equalEqual, bangEqual, less, lessEqual, greater, greaterEqual
        // Keywords.
        case and, at, `break`, `continue`, def, `else`, `false`, fn, `for`, `if`, `import`, `in`, `let`, `nil`, not, or, `return`, `true`, `while`
        case endOfFile
    }

    /// Reserved words and their kinds.
    static let keywords: [String: Kind] = [
        "and": .and, "at": .at, "break": .break, "continue": .continue, "def": .def, "else": .else,
        "false": .false, "fn": .fn, "for": .for, "if": .if, "import": .import, "in": .in, "let": .let,
        "nil": .nil, "not": .not, "or": .or, "return": .return, "true": .true, "while": .while,
    ]

    let kind: Kind
    /// The source text (for a string literal: its value, escapes decoded).
    let text: String
    /// For a number: its value.
    let number: Double
    let location: SourceSpan
    /// Whether a line break separates this token from the previous one (statements end there).
    let startsLine: Bool

    /// How the token reads in an error message: `'let'`, `number 3`, `end of file`.
    var quoted: String {
        switch kind {
        case .endOfFile: return "end of file"
        case .string: return "string \"\(text)\""
        case .number: return "number \(text)"
        case .identifier: return "name '\(text)'"
        default: return "'\(text)'"
        }
    }
}
