import Language

extension Trace {
    /// Records every choice that `run` makes directly under the mode it is handed (inference builtins it calls run
    /// their own models): the trace of code that is not a model call, such as a script's top level or an entry
    /// of a `Session`. `run` returns the value the trace keeps as its return value. The trace's model has no
    /// function, so it cannot be updated.
    public static func recording(in interpreter: Interpreter,
                                 _ run: (any ExecutionMode) throws -> Value) throws -> Trace {
        let handler = ChoiceHandler(model: Model(interpreter: interpreter, function: .nil), arguments: [])
        handler.finish(returning: try run(handler))
        return handler.trace
    }
}
