import Foundation
import Language
import Random

/// A generative function: a `.gns` function together with the interpreter that runs it.
/// The interface operations (`simulate`, `generate`, `update`...) and the algorithms are defined on it.
public struct Model: Sendable {
    /// The interpreter whose program defines `function` (its top level has run).
    public let interpreter: Interpreter
    /// The `.gns` function (a closure value) that is the model.
    public let function: Value
    /// Where a script asked for this model to be run (the inference builtin's call): the outermost frame of the
    /// `.gns` call stack of its runs' errors. `nil` (the function's definition) for models made in Swift.
    public let callSite: SourceSpan?
    /// How many choices the last run made, shared by the copies of this model (the particles of one algorithm).
    let choiceCount = ChoiceCount()

    /// The model `function` run by `interpreter`, its runs' error call stacks ending at `callSite`.
    public init(interpreter: Interpreter, function: Value, callSite: SourceSpan? = nil) {
        self.interpreter = interpreter
        self.function = function
        self.callSite = callSite
    }

    /// Loads the program at `path`, runs its top level once (seeded with `seed`) and takes its function `name`.
    /// The top level should only define things: its `print`s go to `output` (discarded by default).
    public static func load(path: String, function name: String, builtins: BuiltinRegistry = .withInference,
                            seed: UInt64 = 0, output: @escaping @Sendable (String) -> Void = { _ in }) throws -> Model {
        let interpreter = Interpreter(program: try Program.load(path: path, builtins: builtins), output: output)
        var generator = SeededGenerator(seed: seed)
        try interpreter.run(generator: &generator)
        return Model(interpreter: interpreter, function: try interpreter.global(named: name))
    }

    /// One execution of the model on `arguments` under `handler`; the return value is stored in the handler's trace.
    /// The run stops with an error once `cancellation` is requested.
    func run(_ arguments: [Value], under handler: ChoiceHandler, using generator: inout SeededGenerator,
             cancellation: Cancellation? = nil) throws {
        if case .nil = function {
            throw InferenceError.invalidSetting(name: "model", value: "a program's top level",
                                                requirement: "runs only once, so its trace cannot be re-run; trace a function instead")
        }
        handler.finish(returning: try interpreter.call(function, arguments: arguments, mode: handler, generator: &generator,
                                                       at: callSite, cancellation: cancellation))
    }

    /// Runs `program`'s top level once, recording every choice it makes directly (inference builtins it calls run
    /// their own models): the trace `gns trace` prints. The trace's model has no function, so it cannot be updated.
    public static func traceTopLevel(of program: Program, seed: UInt64,
                                     output: @escaping @Sendable (String) -> Void = { print($0) }) throws -> Trace {
        let interpreter = Interpreter(program: program, output: output)
        var generator = SeededGenerator(seed: seed)
        return try Trace.recording(in: interpreter) { mode in
            try interpreter.run(mode: mode, generator: &generator)
            return .nil
        }
    }
}

/// The number of choices a model's last run made: the next run reserves its trace and address tables at that size,
/// so a model with hundreds of observations does not grow (and rehash) them a dozen times per run.
final class ChoiceCount: @unchecked Sendable {
    // @unchecked: `count` is only read and written under `lock`.
    private let lock = NSLock()
    private var count = 0

    /// The last run's count (0 before the first).
    var expected: Int { lock.withLock { count } }

    /// Records a finished run's count.
    func remember(_ count: Int) { lock.withLock { self.count = count } }
}
