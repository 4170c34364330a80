import Foundation
import Random
import Spelling

/// Runs a ``Program``: its top level once, then any of its functions as often as inference asks.
///
/// ```swift
/// let program = try Program.load(path: "coin.gns")
/// let interpreter = Interpreter(program: program)
/// var generator = SeededGenerator(seed: 1)
/// try interpreter.run(mode: UntracedMode(), generator: &generator)      // defines the top-level names
/// let coin = try interpreter.global(named: "coin")
/// let p = try interpreter.call(coin, arguments: [.list([.bool(true)])], mode: UntracedMode(), generator: &generator)
/// ```
///
/// Each `run` or `call` is one execution: its own step and depth counters, its own set of
/// used addresses, its own mode. Calls may run concurrently from several threads (one mode
/// and generator each) once `run` has finished.
public final class Interpreter: @unchecked Sendable {
    /// Guard rails that turn runaway programs into clean errors.
    public struct Limits: Sendable {
        /// Most statements and loop iterations in one execution.
        public var steps: Int
        /// Most nested `.gns` calls in one execution.
        public var callDepth: Int
        /// Native stack bytes kept free; deeper recursion is an error rather than a crash.
        public var stackReserve: Int
        /// Most elements in one value: entries of a list, UTF-8 bytes of a string, particles or samples of one
        /// inference call. Checked before the value is allocated, so a runaway program (`s = s + s` in a loop,
        /// `range(0, 1e9)`, `particles: 1e9`) gets an error instead of exhausting memory. The default, 10 million,
        /// keeps one list of numbers under about 250 MB.
        public var elements: Int

        /// The default limits: 100 million steps, 10 000 nested calls, 512 KiB of stack reserve, 10 million elements per value.
        public init(steps: Int = 100_000_000, callDepth: Int = 10_000, stackReserve: Int = 512 * 1024, elements: Int = 10_000_000) {
            self.steps = steps
            self.callDepth = callDepth
            self.stackReserve = stackReserve
            self.elements = elements
        }
    }

    /// The program being run.
    public let program: Program
    /// The guard rails.
    public let limits: Limits
    /// Where `print` writes.
    let output: @Sendable (String) -> Void
    /// Top-level frames of the files run so far (each file runs once).
    private var instances: [ObjectIdentifier: Frame] = [:]
    private let lock = NSLock()

    /// An interpreter for `program`; `print` output goes to `output` (standard output by default).
    public init(program: Program, limits: Limits = Limits(), output: @escaping @Sendable (String) -> Void = { print($0) }) {
        self.program = program
        self.limits = limits
        self.output = output
    }

    /// Runs the main file's top level (and the files it imports) under `mode`.
    public func run(mode: any ExecutionMode = UntracedMode(), generator: inout SeededGenerator) throws(ProgramError) {
        let execution = Execution(interpreter: self, mode: mode, generator: generator)
        defer { generator = execution.generator }
        do {
            _ = try instantiate(program.main, execution)
        } catch {
            throw Self.programError(error)
        }
    }

    /// Calls `function` (a closure or builtin value) as one execution under `mode`. `site` is where the call
    /// is reported in an error's call stack (the function's definition when nil); the run stops with an
    /// error once `cancellation` is requested.
    public func call(_ function: Value, arguments: [Value], keywordArguments: [(name: String, value: Value)] = [],
                     mode: any ExecutionMode, generator: inout SeededGenerator, at site: SourceSpan? = nil,
                     cancellation: Cancellation? = nil) throws(ProgramError) -> Value {
        let execution = Execution(interpreter: self, mode: mode, generator: generator, cancellation: cancellation)
        defer { generator = execution.generator }
        do {
            let site = site ?? Self.site(of: function, in: program)
            return try execution.call(function, arguments: arguments, keywords: keywordArguments, at: site)
        } catch {
            throw Self.programError(error)
        }
    }

    /// The value of top-level name `name` of the main file, after `run`.
    public func global(named name: String) throws(ProgramError) -> Value {
        let location = SourceSpan(file: program.main.file, line: 1, column: 1)
        guard let export = program.main.exports.first(where: { $0.name == name })?.export else {
            let suggestion = nearest(name, in: program.topLevelNames).map { "; did you mean '\($0)'?" } ?? ""
            throw ProgramError("\(program.main.file.name) has no top-level name '\(name)'\(suggestion)", at: location)
        }
        guard let frame = lock.withLock({ instances[ObjectIdentifier(program.main)] }) else {
            throw ProgramError("run the program before reading its top-level name '\(name)'", at: location)
        }
        return frame.slots[export.slot]
    }

    /// The top-level frame of `module`, running the file the first time it is needed.
    func instantiate(_ module: Module, _ execution: Execution) throws -> Frame {
        if let frame = lock.withLock({ instances[ObjectIdentifier(module)] }) { return frame }
        let frame = Frame(size: module.frameSize, parent: nil)
        lock.withLock { instances[ObjectIdentifier(module)] = frame }
        for statement in module.code {
            _ = try statement.execute(frame, execution)
        }
        return frame
    }

    /// Where an error that is no single line's fault is reported: the function's definition.
    private static func site(of function: Value, in program: Program) -> SourceSpan {
        if case let .closure(closure) = function { return closure.function.location }
        return SourceSpan(file: program.main.file, line: 1, column: 1)
    }

    static func programError(_ error: any Error) -> ProgramError {
        switch error {
        case let error as RuntimeError: return ProgramError([error.diagnostic])
        case let error as ProgramError: return error
        default:
            return ProgramError("internal error: \(error)", at: SourceSpan(file: SourceFile(name: "<gns>", text: ""), line: 1, column: 1))
        }
    }
}
