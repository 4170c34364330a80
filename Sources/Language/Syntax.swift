/// The syntax tree the parser builds: one case per construct of `Grammar/gns.ebnf`,
/// each with the location error messages point at.

/// An expression and where it is.
struct Expression: Sendable {
    indirect enum Kind: Sendable {
        case number(Double)
        case string(String)
        case boolean(Bool)
        case `nil`
        case name(String)
        /// `(a, b)`: an address.
        case tuple([Expression])
        case list([Expression])
        case record([Field])
        case lambda(FunctionDeclaration)
        case negate(Expression)
        case not(Expression)
        case binary(BinaryOperator, Expression, Expression)
        case call(Expression, [Argument])
        case index(Expression, Expression)
        case field(Expression, String)
        /// `call at address`.
        case namespaced(Expression, address: Expression)
    }

    let kind: Kind
    /// For operators the operator token; for calls the callee through the closing parenthesis.
    let location: SourceSpan
}

/// The binary operators, `and` and `or` included (they short-circuit).
enum BinaryOperator: String, Sendable {
    case add = "+", subtract = "-", multiply = "*", divide = "/", remainder = "%", power = "**"
    case equal = "==", notEqual = "!=", less = "<", lessEqual = "<=", greater = ">", greaterEqual = ">="
    case and, or
}

/// A declared name and where it is declared.
struct Identifier: Sendable {
    let name: String
    let location: SourceSpan
}

/// `name: value` in a record literal.
struct Field: Sendable {
    let name: String
    let location: SourceSpan
    let value: Expression
}

/// A call argument, positional or named (`particles: 2000`).
struct Argument: Sendable {
    let label: String?
    let location: SourceSpan
    let value: Expression
}

/// A function parameter with an optional default value.
struct Parameter: Sendable {
    let name: String
    let location: SourceSpan
    let defaultValue: Expression?
}

/// A `def` or a lambda. A lambda's `=> expression` body is a single `return`.
struct FunctionDeclaration: Sendable {
    /// The `def` name, or `fn` for a lambda.
    let name: String
    let location: SourceSpan
    let parameters: [Parameter]
    let body: [Statement]
}

/// A statement and where it is (its first token).
struct Statement: Sendable {
    indirect enum Kind: Sendable {
        case `import`(path: String)
        case function(FunctionDeclaration)
        case `let`(Identifier, value: Expression)
        /// `target = value`, target a name, index or field chain.
        case assign(target: Expression, value: Expression)
        case expression(Expression)
        /// `orElse` is a block or another `if`.
        case `if`(condition: Expression, then: [Statement], orElse: Statement?)
        /// `for name in sequence` or `for name in start..end`.
        case `for`(variable: Identifier, sequence: Expression, end: Expression?, body: [Statement])
        case `while`(condition: Expression, body: [Statement])
        case `break`
        case `continue`
        case `return`(Expression?)
        case block([Statement])
    }

    let kind: Kind
    let location: SourceSpan
}
