import Spelling

/// The resolver pass: turns a file's syntax tree into executable code, binding every name
/// to a frame slot, a builtin or an imported name, and checking what can be checked before
/// running: unknown names (with a suggestion), declarations in conflict, assignments to
/// functions and builtins, `break`/`continue` outside loops, `return` outside functions,
/// and the arguments of calls to builtins and `def`s.
///
/// Frames. A function call, a file's top level, and each iteration of a loop whose body
/// creates functions get a frame at run time; every other block stores its variables in the
/// enclosing frame. The resolver mirrors that chain, so a name becomes (frames up, slot).
final class Resolver {
    /// What a name is bound to.
    enum Kind {
        case variable
        /// A `def`, with its signature so calls can be checked statically.
        case function(Signature)
        case imported
    }

    /// Identifies a top-level name by where it was first defined, so the same name reached by
    /// two import paths is recognised as one thing.
    struct Origin: Hashable {
        let module: ObjectIdentifier
        let slot: Int
    }

    struct Binding {
        let frame: Int
        let slot: Int
        let kind: Kind
        let location: SourceSpan
        let origin: Origin?
    }

    final class Scope {
        var names: [String: Binding] = [:]
        var order: [String] = []
    }

    private let module: Module
    private let builtins: BuiltinRegistry
    /// Loads an imported file (relative to this one), recording its problems; nil when it failed.
    private let importer: (String, SourceSpan) -> Module?
    private(set) var diagnostics: [Diagnostic] = []
    private var scopes: [Scope] = []
    /// Slots used so far in each frame of the chain, innermost last.
    private var frameSizes: [Int] = []
    private var loopDepth = 0
    private var functionDepth = 0

    init(module: Module, builtins: BuiltinRegistry, importer: @escaping (String, SourceSpan) -> Module?) {
        self.module = module
        self.builtins = builtins
        self.importer = importer
    }

    // MARK: Files

    /// Resolves a whole file into `module`: imports run first, then the top-level `def`s
    /// (visible in the whole file), then the other statements in order.
    func resolveFile(_ statements: [Statement]) {
        frameSizes = [0]
        scopes = [Scope()]
        module.code = resolveTopLevel(statements)
        module.frameSize = frameSizes[0]
        module.exports = scopes[0].order.compactMap { name in
            scopes[0].names[name].map { (name, Module.Export(slot: $0.slot, origin: $0.origin ?? Origin(module: ObjectIdentifier(module), slot: $0.slot))) }
        }
    }

    /// Resolves one entry of an interactive session as more top-level code of the same frame: it sees the names in
    /// `session` (the entries before it), may shadow them with its own declarations (returned in a new scope, for
    /// the session to adopt once the entry has run), and when it ends with an expression statement, that
    /// expression is returned apart so the session can show its value.
    func resolveEntry(_ statements: [Statement], session: Scope, frameSize: Int)
        -> (code: [any StatementCode], result: (any ExpressionCode)?, declared: Scope, frameSize: Int) {
        frameSizes = [frameSize]
        scopes = [session, Scope()]
        var statements = statements
        var result: Expression?
        if case let .expression(expression)? = statements.last?.kind {
            result = expression
            statements.removeLast()
        }
        let code = resolveTopLevel(statements)
        return (code, result.map(resolveExpression), scopes[1], frameSizes[0])
    }

    /// A file's (or an entry's) top-level statements in the innermost scope of the top frame: imports run first,
    /// then the `def`s (declared before anything is resolved, so they see each other), then the rest in order.
    private func resolveTopLevel(_ statements: [Statement]) -> [any StatementCode] {
        let top = scopes[scopes.count - 1]
        var imports: [any StatementCode] = []
        for statement in statements {
            if case let .import(path) = statement.kind, let code = resolveImport(path, at: statement.location) {
                imports.append(code)
            }
        }
        for statement in statements {
            if case let .function(declaration) = statement.kind {
                declare(declaration.name, at: declaration.location, kind: .function(Self.signature(declaration)))
            }
        }
        var functions: [any StatementCode] = []
        var rest: [any StatementCode] = []
        for statement in statements {
            switch statement.kind {
            case .import: continue
            case let .function(declaration):
                guard let binding = top.names[declaration.name] else { continue }
                functions.append(DefineCode(slot: binding.slot, value: LambdaCode(resolveFunction(declaration))))
            default:
                rest += resolveStatement(statement)
            }
        }
        return imports + functions + rest
    }

    private func resolveImport(_ path: String, at location: SourceSpan) -> (any StatementCode)? {
        guard let imported = importer(path, location) else { return nil }
        var bindings: [(from: Int, to: Int)] = []
        for (name, export) in imported.exports {
            if let existing = scopes[0].names[name] {
                if existing.origin == export.origin { continue }
                report("'\(name)' imported from \(imported.file.name) conflicts with '\(name)' already declared", at: location,
                       notes: [Diagnostic.Note("'\(name)' was declared here", at: existing.location)])
                continue
            }
            let slot = declare(name, at: location, kind: .imported, origin: export.origin)
            bindings.append((export.slot, slot))
        }
        return ImportCode(module: imported, bindings: bindings, at: location)
    }

    // MARK: Scopes and frames

    /// Opens a scope; its names go into the innermost frame.
    private func push() { scopes.append(Scope()) }

    private func pop() { scopes.removeLast() }

    private func allocate() -> Int {
        defer { frameSizes[frameSizes.count - 1] += 1 }
        return frameSizes[frameSizes.count - 1]
    }

    /// Declares `name` in the innermost scope and gives it a slot in the innermost frame.
    @discardableResult
    private func declare(_ name: String, at location: SourceSpan, kind: Kind, origin: Origin? = nil) -> Int {
        let scope = scopes[scopes.count - 1]
        if let existing = scope.names[name] {
            report("'\(name)' is already declared in this scope; use '\(name) = ...' to change a variable", at: location,
                   notes: [Diagnostic.Note("'\(name)' was declared here", at: existing.location)])
            return existing.slot
        }
        let slot = allocate()
        scope.names[name] = Binding(frame: frameSizes.count - 1, slot: slot, kind: kind, location: location, origin: origin)
        scope.order.append(name)
        return slot
    }

    private func lookup(_ name: String) -> Binding? {
        for scope in scopes.reversed() {
            if let binding = scope.names[name] { return binding }
        }
        return nil
    }

    private func report(_ message: String, at location: SourceSpan, notes: [Diagnostic.Note] = []) {
        diagnostics.append(Diagnostic(message, at: location, notes: notes))
    }

    // MARK: Functions

    static func signature(_ declaration: FunctionDeclaration) -> Signature {
        Signature(name: declaration.name, parameters: declaration.parameters.map(\.name),
                  hasDefault: declaration.parameters.map { $0.defaultValue != nil }, isVariadic: false)
    }

    private func resolveFunction(_ declaration: FunctionDeclaration) -> FunctionCode {
        let code = FunctionCode(name: declaration.name, location: declaration.location,
                                parameterNames: declaration.parameters.map(\.name), defaults: [])
        frameSizes.append(0)
        push()
        let (outerLoops, outerFunctions) = (loopDepth, functionDepth)
        (loopDepth, functionDepth) = (0, functionDepth + 1)
        for parameter in declaration.parameters {
            declare(parameter.name, at: parameter.location, kind: .variable)
        }
        code.defaults = declaration.parameters.map { $0.defaultValue.map(resolveExpression) }
        code.body = resolveStatements(declaration.body)
        (loopDepth, functionDepth) = (outerLoops, outerFunctions)
        pop()
        code.frameSize = frameSizes.removeLast()
        return code
    }

    // MARK: Statements

    private func resolveStatements(_ statements: [Statement]) -> [any StatementCode] {
        statements.flatMap(resolveStatement)
    }

    /// A block's statements in a new scope of the current frame.
    private func resolveBlock(_ statements: [Statement]) -> [any StatementCode] {
        push()
        defer { pop() }
        return resolveStatements(statements)
    }

    private func resolveStatement(_ statement: Statement) -> [any StatementCode] {
        switch statement.kind {
        case .import:
            report("'import' is only allowed at the top level of a file", at: statement.location)
            return []
        case let .function(declaration):
            // Declared before its body is resolved, so it can call itself.
            let slot = declare(declaration.name, at: declaration.location, kind: .function(Self.signature(declaration)))
            return [DefineCode(slot: slot, value: LambdaCode(resolveFunction(declaration)))]
        case let .let(name, value):
            let code = resolveExpression(value)
            return [DefineCode(slot: declare(name.name, at: name.location, kind: .variable), value: code)]
        case let .assign(target, value):
            return resolveAssignment(target, value).map { [$0] } ?? []
        case let .expression(expression):
            return [ExpressionStatementCode(resolveExpression(expression))]
        case let .if(condition, then, orElse):
            return [IfCode(condition: resolveExpression(condition), then: resolveBlock(then),
                           orElse: orElse.map { resolveBlock([$0]) } ?? [])]
        case let .for(variable, sequence, end, body):
            let start = resolveExpression(sequence)
            let end = end.map(resolveExpression)
            let (storage, code) = resolveLoopBody(body, variable: variable)
            if let end {
                return [ForRangeCode(storage: storage, start: start, end: end, body: code, at: statement.location)]
            }
            return [ForEachCode(storage: storage, sequence: start, body: code, at: statement.location)]
        case let .while(condition, body):
            let condition = resolveExpression(condition)
            let (storage, code) = resolveLoopBody(body, variable: nil)
            return [WhileCode(condition: condition, body: code, iterationFrameSize: storage.iterationFrameSize)]
        case .break, .continue:
            let isBreak: Bool
            if case .break = statement.kind { isBreak = true } else { isBreak = false }
            guard loopDepth > 0 else {
                report("'\(isBreak ? "break" : "continue")' outside a loop", at: statement.location)
                return []
            }
            return [JumpCode(isBreak ? .breakLoop : .continueLoop)]
        case let .return(value):
            if functionDepth == 0 { report("'return' outside a function", at: statement.location) }
            return [ReturnCode(value.map(resolveExpression))]
        case let .block(body):
            return resolveBlock(body)
        }
    }

    /// A loop body: in a frame of its own per iteration when it creates functions (so each
    /// closure keeps its iteration's variables), otherwise in the enclosing frame.
    private func resolveLoopBody(_ body: [Statement], variable: Identifier?) -> (LoopStorage, [any StatementCode]) {
        let ownFrame = body.contains { $0.createsFunctions }
        if ownFrame { frameSizes.append(0) }
        push()
        let slot = variable.map { declare($0.name, at: $0.location, kind: .variable) } ?? 0
        loopDepth += 1
        let code = resolveStatements(body)
        loopDepth -= 1
        pop()
        let frameSize = ownFrame ? frameSizes.removeLast() : nil
        return (LoopStorage(variableSlot: slot, iterationFrameSize: frameSize), code)
    }

    private func resolveAssignment(_ target: Expression, _ value: Expression) -> (any StatementCode)? {
        var path: [Accessor] = []
        var root = target
        while true {
            switch root.kind {
            case let .index(base, index):
                path.insert(.index(resolveExpression(index)), at: 0)
                root = base
                continue
            case let .field(base, name):
                path.insert(.field(name, root.location), at: 0)
                root = base
                continue
            default: break
            }
            break
        }
        let valueCode = resolveExpression(value)
        guard case let .name(name) = root.kind else { return nil }
        guard let binding = lookup(name) else {
            if builtins.value(named: name) != nil {
                report("cannot assign to the builtin '\(name)'; declare a variable with 'let \(name) = ...'", at: root.location)
            } else {
                reportUnknown(name, at: root.location, hint: "; declare it with 'let \(name) = ...'")
            }
            return nil
        }
        switch binding.kind {
        case .function:
            report("cannot assign to the function '\(name)'", at: root.location)
            return nil
        case .imported:
            report("cannot assign to '\(name)', which is imported", at: root.location)
            return nil
        case .variable:
            let hops = frameSizes.count - 1 - binding.frame
            if path.isEmpty, let call = AppendInPlaceCode.matching(valueCode, hops: hops, slot: binding.slot) {
                return AppendInPlaceCode(hops: hops, slot: binding.slot, call: call)
            }
            return AssignCode(hops: hops, slot: binding.slot, path: path, value: valueCode)
        }
    }

    // MARK: Expressions

    private func resolveExpression(_ expression: Expression) -> any ExpressionCode {
        let location = expression.location
        switch expression.kind {
        case let .number(x): return ConstantCode(.number(x), at: location)
        case let .string(s): return ConstantCode(.string(s), at: location)
        case let .boolean(b): return ConstantCode(.bool(b), at: location)
        case .nil: return ConstantCode(.nil, at: location)
        case let .name(name): return resolveName(name, at: location)
        case let .tuple(elements): return SequenceCode(.address, elements.map(resolveExpression), at: location)
        case let .list(elements): return SequenceCode(.list, elements.map(resolveExpression), at: location)
        case let .record(fields):
            var seen: [String: SourceSpan] = [:]
            for field in fields {
                if let first = seen.updateValue(field.location, forKey: field.name) {
                    report("the field '\(field.name)' appears twice in this record", at: field.location,
                           notes: [Diagnostic.Note("first here", at: first)])
                }
            }
            return RecordCode(names: fields.map(\.name), values: fields.map { resolveExpression($0.value) }, at: location)
        case let .lambda(declaration): return LambdaCode(resolveFunction(declaration))
        case let .negate(operand): return UnaryCode(.negate, resolveExpression(operand), at: location)
        case let .not(operand): return UnaryCode(.not, resolveExpression(operand), at: location)
        case let .binary(op, left, right):
            let (a, b) = (resolveExpression(left), resolveExpression(right))
            switch op {
            case .and, .or: return LogicalCode(isAnd: op == .and, a, b, at: location)
            default: return BinaryCode(op, a, b, at: location)
            }
        case let .call(callee, arguments): return resolveCall(callee, arguments, at: location)
        case let .index(base, index): return IndexCode(resolveExpression(base), resolveExpression(index), at: location)
        case let .field(base, name): return FieldCode(resolveExpression(base), name, at: location)
        case let .namespaced(call, address):
            return NamespacedCode(resolveExpression(call), address: resolveExpression(address), at: location)
        }
    }

    private func resolveName(_ name: String, at location: SourceSpan) -> any ExpressionCode {
        if let binding = lookup(name) {
            let hops = frameSizes.count - 1 - binding.frame
            return hops == 0 ? LocalCode(slot: binding.slot, at: location) : OuterCode(hops: hops, slot: binding.slot, at: location)
        }
        if let value = builtins.value(named: name) { return ConstantCode(value, at: location) }
        reportUnknown(name, at: location, hint: "")
        return ConstantCode(.nil, at: location)
    }

    private func reportUnknown(_ name: String, at location: SourceSpan, hint: String) {
        let visible = scopes.flatMap(\.order) + builtins.names
        let suggestion = nearest(name, in: visible).map { "; did you mean '\($0)'?" } ?? hint
        report("unknown name '\(name)'\(suggestion)", at: location)
    }

    private func resolveCall(_ callee: Expression, _ arguments: [Argument], at location: SourceSpan) -> any ExpressionCode {
        let calleeCode = resolveExpression(callee)
        var positional: [any ExpressionCode] = []
        var keywords: [(name: String, label: SourceSpan, value: any ExpressionCode)] = []
        let errorsBefore = diagnostics.count
        for argument in arguments {
            let value = resolveExpression(argument.value)
            if let label = argument.label {
                keywords.append((label, argument.location, value))
            } else if let last = keywords.last {
                report("a positional argument cannot follow the keyword argument '\(last.name):'", at: argument.location)
            } else {
                positional.append(value)
            }
        }
        let call = CallCode(callee: calleeCode, positional: positional, keywords: keywords, at: location)
        if diagnostics.count == errorsBefore, let signature = staticSignature(callee) {
            do {
                _ = try signature.match(positionalCount: positional.count, keywords: keywords.map(\.name))
            } catch {
                report(error.message, at: call.location(of: error))
            }
        }
        return call
    }

    /// The signature of a callee known before running: a builtin or a `def` (neither can be reassigned).
    private func staticSignature(_ callee: Expression) -> Signature? {
        guard case let .name(name) = callee.kind else { return nil }
        if let binding = lookup(name) {
            if case let .function(signature) = binding.kind { return signature }
            return nil
        }
        return builtins[name]?.signature
    }
}

extension Statement {
    /// Whether running this statement can create a closure (a `def` or `fn` anywhere inside).
    var createsFunctions: Bool {
        switch kind {
        case .import, .break, .continue: return false
        case .function: return true
        case let .let(_, value): return value.createsFunctions
        case let .assign(target, value): return target.createsFunctions || value.createsFunctions
        case let .expression(expression): return expression.createsFunctions
        case let .if(condition, then, orElse):
            return condition.createsFunctions || then.contains { $0.createsFunctions } || (orElse?.createsFunctions ?? false)
        case let .for(_, sequence, end, body):
            return sequence.createsFunctions || (end?.createsFunctions ?? false) || body.contains { $0.createsFunctions }
        case let .while(condition, body): return condition.createsFunctions || body.contains { $0.createsFunctions }
        case let .return(value): return value?.createsFunctions ?? false
        case let .block(body): return body.contains { $0.createsFunctions }
        }
    }
}

extension Expression {
    /// Whether evaluating this expression can create a closure.
    var createsFunctions: Bool {
        switch kind {
        case .number, .string, .boolean, .nil, .name: return false
        case .lambda: return true
        case let .tuple(items), let .list(items): return items.contains { $0.createsFunctions }
        case let .record(fields): return fields.contains { $0.value.createsFunctions }
        case let .negate(operand), let .not(operand): return operand.createsFunctions
        case let .binary(_, a, b), let .index(a, b), let .namespaced(a, b): return a.createsFunctions || b.createsFunctions
        case let .call(callee, arguments): return callee.createsFunctions || arguments.contains { $0.value.createsFunctions }
        case let .field(base, _): return base.createsFunctions
        }
    }
}
