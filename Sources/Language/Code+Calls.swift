/// `callee(arguments...)`.
final class CallCode: ExpressionCode {
    let callee: any ExpressionCode
    let positional: [any ExpressionCode]
    /// Keyword arguments, with where their labels are.
    let keywords: [(name: String, label: SourceSpan, value: any ExpressionCode)]
    let location: SourceSpan
    init(callee: any ExpressionCode, positional: [any ExpressionCode],
         keywords: [(name: String, label: SourceSpan, value: any ExpressionCode)], at location: SourceSpan) {
        self.callee = callee
        self.positional = positional
        self.keywords = keywords
        self.location = location
    }

    func evaluate(_ frame: Frame, _ run: Execution) throws -> Value {
        let function = try callee.evaluate(frame, run)
        let arguments = try positional.evaluateEach(frame, run)
        var named: [(name: String, value: Value)] = []
        for (name, _, value) in keywords { named.append((name, try value.evaluate(frame, run))) }
        return try run.call(function, arguments: arguments, keywords: named, at: location, call: self)
    }

    /// Where the argument for parameter `name` (position `index`) was written.
    func argumentLocation(parameter index: Int, named name: String?) -> SourceSpan {
        if index < positional.count { return positional[index].location }
        return keywordLocation(name) ?? location
    }

    /// Where the keyword argument `name:` was written.
    func keywordLocation(_ name: String?) -> SourceSpan? {
        keywords.first { $0.name == name }?.value.location
    }

    /// The argument a signature mismatch is about, or the whole call.
    func location(of mismatch: Signature.Mismatch) -> SourceSpan {
        if let index = mismatch.positional, index < positional.count { return positional[index].location }
        if let index = mismatch.keyword, index < keywords.count { return keywords[index].label }
        return location
    }
}

extension Execution {
    /// Calls `function` with positional `arguments` and `keywords`, at `site`.
    /// `call` (when the call is written in `.gns`) locates arguments for error carets.
    func call(_ function: Value, arguments: [Value], keywords: [(name: String, value: Value)], at site: SourceSpan,
              call: CallCode? = nil) throws -> Value {
        switch function {
        case let .closure(closure):
            let code = closure.function
            if keywords.isEmpty && arguments.count == code.parameterNames.count {
                return try invoke(closure, at: site) { frame in
                    for index in arguments.indices { frame.slots[index] = arguments[index] }
                }
            }
            let sources = try match(Signature(code), arguments, keywords, at: site, call: call)
            return try invoke(closure, at: site) { frame in
                for (index, source) in sources.enumerated() {
                    // A default may use the parameters before it, so it runs in the new frame.
                    frame.slots[index] = try Self.value(source, arguments, keywords) ?? code.defaults[index].map { try $0.evaluate(frame, self) } ?? .nil
                }
            }
        case let .builtin(builtin):
            if keywords.isEmpty && arguments.count == builtin.parameters.count && !builtin.isVariadic {
                let values = builtin.gradient == .constant ? arguments.map(\.detached) : arguments
                return try invoke(builtin, values, at: site, call: call)
            }
            let sources = try match(builtin.signature, arguments, keywords, at: site, call: call)
            var values = sources.enumerated().map { Self.value($1, arguments, keywords) ?? builtin.parameters[$0].defaultValue ?? .nil }
            if case .constant = builtin.gradient { values = values.map(\.detached) }
            return try invoke(builtin, values, at: site, call: call)
        default:
            throw RuntimeError("cannot call \(function.typeName); only functions can be called", at: call?.callee.location ?? site)
        }
    }

    private func match(_ signature: Signature, _ arguments: [Value], _ keywords: [(name: String, value: Value)],
                       at site: SourceSpan, call: CallCode?) throws -> [Signature.Source] {
        do {
            return try signature.match(positionalCount: arguments.count, keywords: keywords.map(\.name))
        } catch {
            throw RuntimeError(error.message, at: call?.location(of: error) ?? site)
        }
    }

    private static func value(_ source: Signature.Source, _ arguments: [Value], _ keywords: [(name: String, value: Value)]) -> Value? {
        switch source {
        case let .positional(index): return arguments[index]
        case let .rest(index): return .list(Array(arguments.dropFirst(index)))
        case let .keyword(index): return keywords[index].value
        case .missing: return nil
        }
    }

    /// Runs a `.gns` function in a new frame whose parameters `bind` fills.
    private func invoke(_ closure: Closure, at site: SourceSpan, bind: (Frame) throws -> Void) throws -> Value {
        let code = closure.function
        depth += 1
        defer { depth -= 1 }
        if depth > limits.callDepth || NativeStack.current() < stackFloor {
            throw RuntimeError("recursion too deep: more than \(min(depth, limits.callDepth)) nested calls (runaway recursion?)", at: site)
        }
        let frame = Frame(size: code.frameSize, parent: closure.captured)
        do {
            try bind(frame)
            if case .returned = try executeAll(code.body, frame, self) {
                defer { returnValue = .nil }
                return returnValue
            }
            return .nil
        } catch var error as RuntimeError {
            error.diagnostic.callStack.append(Diagnostic.CallFrame(function: code.name, site: site))
            throw error
        }
    }

    /// Runs a builtin, turning its errors into located diagnostics.
    private func invoke(_ builtin: Builtin, _ arguments: [Value], at site: SourceSpan, call: CallCode?) throws -> Value {
        do {
            let result = try builtin.body(BuiltinCall(arguments: arguments, site: site, builtin: builtin, execution: self))
            // Builtins may put values inside new lists and records (`append`, `map`, inference results).
            try result.checkNesting(inside: 0, at: site)
            return result
        } catch let error as BuiltinError {
            let location = error.argument.map { index in
                call?.argumentLocation(parameter: index, named: index < builtin.parameters.count ? builtin.parameters[index].name : nil) ?? site
            } ?? site
            throw RuntimeError("\(builtin.name): \(error.message)", at: location)
        } catch let error as RuntimeError {
            throw error
        } catch let error as ProgramError {
            // A nested run (inference calling a model) failed: keep its diagnostic.
            guard let first = error.diagnostics.first else { throw RuntimeError("\(builtin.name) failed", at: site) }
            var wrapped = RuntimeError(first.message, at: first.location, notes: first.notes)
            wrapped.diagnostic.callStack = first.callStack
            throw wrapped
        } catch {
            throw RuntimeError("\(builtin.name): \(error)", at: site)
        }
    }
}
