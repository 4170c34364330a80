@testable import Language

/// Prints syntax trees as S-expressions so parser tests can state the expected tree by hand.
enum SyntaxPrinter {
    static func print(_ statements: [Statement]) -> String {
        statements.map(print).joined(separator: " ")
    }

    static func print(_ statement: Statement) -> String {
        switch statement.kind {
        case let .import(path): return "(import \"\(path)\")"
        case let .function(declaration): return "(def \(declaration.name) \(print(declaration)))"
        case let .let(name, value): return "(let \(name.name) \(print(value)))"
        case let .assign(target, value): return "(= \(print(target)) \(print(value)))"
        case let .expression(expression): return print(expression)
        case let .if(condition, then, orElse):
            return "(if \(print(condition)) (\(print(then)))" + (orElse.map { " " + print($0) } ?? "") + ")"
        case let .for(variable, sequence, end, body):
            let range = end.map { "(.. \(print(sequence)) \(print($0)))" } ?? print(sequence)
            return "(for \(variable.name) \(range) (\(print(body))))"
        case let .while(condition, body): return "(while \(print(condition)) (\(print(body))))"
        case .break: return "(break)"
        case .continue: return "(continue)"
        case let .return(value): return value.map { "(return \(print($0)))" } ?? "(return)"
        case let .block(body): return "(block \(print(body)))"
        }
    }

    static func print(_ declaration: FunctionDeclaration) -> String {
        let parameters = declaration.parameters.map { p in p.defaultValue.map { "(\(p.name) \(print($0)))" } ?? p.name }
        return "(\(parameters.joined(separator: " "))) (\(print(declaration.body)))"
    }

    static func print(_ expression: Expression) -> String {
        switch expression.kind {
        case let .number(value): return value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
        case let .string(text): return "\"\(text)\""
        case let .boolean(value): return String(value)
        case .nil: return "nil"
        case let .name(name): return name
        case let .tuple(elements): return "(tuple \(elements.map(print).joined(separator: " ")))"
        case let .list(elements): return "[" + elements.map(print).joined(separator: " ") + "]"
        case let .record(fields): return "{" + fields.map { "\($0.name): \(print($0.value))" }.joined(separator: " ") + "}"
        case let .lambda(declaration): return "(fn \(print(declaration)))"
        case let .negate(operand): return "(- \(print(operand)))"
        case let .not(operand): return "(not \(print(operand)))"
        case let .binary(op, left, right): return "(\(op.rawValue) \(print(left)) \(print(right)))"
        case let .call(callee, arguments):
            let parts = [print(callee)] + arguments.map { a in a.label.map { "\($0): \(print(a.value))" } ?? print(a.value) }
            return "(call \(parts.joined(separator: " ")))"
        case let .index(base, index): return "(index \(print(base)) \(print(index)))"
        case let .field(base, name): return "(. \(print(base)) \(name))"
        case let .namespaced(call, address): return "(at \(print(call)) \(print(address)))"
        }
    }
}
