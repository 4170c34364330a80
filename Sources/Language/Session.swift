import Foundation
import Random

/// An interactive session: top-level code entered one piece (an *entry*) at a time, each entry seeing the names
/// the entries before it declared, as if they were one file typed in order.
///
/// ```swift
/// let session = Session(builtins: .withInference)
/// var generator = SeededGenerator(seed: 1)
/// _ = try session.evaluate("def square(x) { return x * x }", mode: UntracedMode(), generator: &generator)
/// let nine = try session.evaluate("square(3)", mode: UntracedMode(), generator: &generator)   // .number(9)
/// ```
///
/// Every entry runs as one execution of its own (its own mode, step count and set of used addresses), in one
/// top-level frame that grows as entries declare names. A later `let x` or `def f` shadows an earlier one:
/// code already entered keeps the binding it was resolved against, as in an ML or Scheme top level.
/// An entry whose names do not resolve changes nothing; one that fails while running keeps the effects of the
/// statements that ran before the failure (assignments), but declares nothing.
public final class Session {
    /// The builtins entries are resolved against.
    public let builtins: BuiltinRegistry
    /// The interpreter entries run in (its program is empty: it supplies limits, `print`'s output and imports).
    public let interpreter: Interpreter
    private let loader: Loader
    /// The names declared so far, each bound to a slot of `frame`.
    private let scope = Resolver.Scope()
    private let frame = Frame(size: 0, parent: nil)
    /// Where imports are found: paths in entries are relative to this folder.
    private let directory: String
    private var entries = 0

    /// A session resolving names against `builtins`, printing to `output`; imports are relative to `directory`
    /// (default: the current directory).
    public init(builtins: BuiltinRegistry = .standard, limits: Interpreter.Limits = Interpreter.Limits(),
                directory: String = FileManager.default.currentDirectoryPath,
                output: @escaping @Sendable (String) -> Void = { print($0) }) {
        self.builtins = builtins
        self.directory = directory
        loader = Loader(builtins: builtins)
        // An empty program cannot fail to load.
        let empty = try! Program(source: "", fileName: "<session>", builtins: builtins)
        interpreter = Interpreter(program: empty, limits: limits, output: output)
    }

    /// The names declared so far, in the order they were first declared.
    public var names: [String] { scope.order }

    /// Parses, resolves and runs `source` under `mode`. Returns the value of its last statement when that is an
    /// expression (so `1 + 2` gives 3 and `print(1)` gives nil), else nil. Diagnostics name the entry
    /// `<entry N>`, with lines and columns counted within it.
    public func evaluate(_ source: String, mode: any ExecutionMode,
                         generator: inout SeededGenerator) throws(ProgramError) -> Value? {
        entries += 1
        let file = SourceFile(name: "<entry \(entries)>", text: source)
        let (statements, syntaxErrors) = Parser.parse(file)
        guard syntaxErrors.isEmpty else { throw ProgramError(syntaxErrors) }
        let module = Module(file: file)
        let path = (directory as NSString).appendingPathComponent(file.name)
        let resolver = Resolver(module: module, builtins: builtins, importer: loader.importer(for: file, path: path))
        let entry = resolver.resolveEntry(statements, session: scope, frameSize: frame.slots.count)
        let problems = loader.diagnostics + resolver.diagnostics
        loader.diagnostics = []
        guard problems.isEmpty else { throw ProgramError(problems) }

        frame.slots += [Value](repeating: .nil, count: entry.frameSize - frame.slots.count)
        let execution = Execution(interpreter: interpreter, mode: mode, generator: generator)
        defer { generator = execution.generator }
        let value: Value?
        do {
            for statement in entry.code { _ = try statement.execute(frame, execution) }
            value = try entry.result?.evaluate(frame, execution)
        } catch {
            throw Interpreter.programError(error)
        }
        for name in entry.declared.order {
            if scope.names[name] == nil { scope.order.append(name) }
            scope.names[name] = entry.declared.names[name]
        }
        return value
    }

    /// Whether `source` stops inside an open `(`, `[` or `{`, so an interactive prompt should read another line
    /// before evaluating it. Text with a lexical error is complete (evaluating it reports the error).
    public static func needsMoreInput(_ source: String) -> Bool {
        let (tokens, diagnostics) = Lexer.tokenize(SourceFile(name: "<input>", text: source))
        guard diagnostics.isEmpty else { return false }
        var depth = 0
        for token in tokens {
            switch token.kind {
            case .leftParen, .leftBracket, .leftBrace: depth += 1
            case .rightParen, .rightBracket, .rightBrace: depth -= 1
            default: break
            }
        }
        return depth > 0
    }
}
