import Random

/// A function written in Swift and callable from `.gns` code: the standard library,
/// and later the neural networks, the renderer and inference, all register this way.
///
/// ```swift
/// let double = Builtin("double", parameters: ["x"]) { call in
///     .number(try call.number(0) * 2)
/// }
/// var builtins = BuiltinRegistry.standard
/// builtins.register(double)
/// ```
///
/// Gradients. A builtin declared `.differentiable` receives tape-tracked numbers and
/// tensors as they are and must compute with `Tensor` operations on them so gradients flow
/// (see `exp` in `Builtins+Math.swift`). One declared `.constant` sees every argument
/// detached from the tape: the result does not depend on the tracked inputs for gradient
/// purposes (right for `len`, `floor`, `print`).
public final class Builtin: Sendable {
    /// How tape-tracked arguments reach the builtin.
    public enum Gradient: Sendable {
        /// Tracked values are passed as they are; the closure keeps them on the tape.
        case differentiable
        /// Tracked values are detached first: no gradient flows through this builtin.
        case constant
    }

    /// A parameter: its name (callers may pass it by name) and an optional default.
    public struct Parameter: Sendable, ExpressibleByStringLiteral {
        /// The name, as a keyword argument spells it.
        public let name: String
        /// The value used when the caller does not pass this parameter.
        public let defaultValue: Value?

        /// A parameter called `name`, optional when `defaultValue` is given.
        public init(_ name: String, default defaultValue: Value? = nil) {
            self.name = name
            self.defaultValue = defaultValue
        }

        /// A required parameter.
        public init(stringLiteral name: String) { self.init(name) }
    }

    /// The name `.gns` code calls it by.
    public let name: String
    /// The parameters, in positional order.
    public let parameters: [Parameter]
    /// Whether extra positional arguments are collected, as a list, into the last parameter.
    public let isVariadic: Bool
    /// How gradients pass through it.
    public let gradient: Gradient
    /// The Swift implementation; `call.arguments` has one value per parameter.
    public let body: @Sendable (BuiltinCall) throws -> Value
    /// How arguments map to parameters, computed once.
    let signature: Signature

    /// A builtin called `name` with these parameters. With `variadic`, the last parameter
    /// receives every remaining positional argument as a list (`print(a, b, c)`).
    public init(_ name: String, parameters: [Parameter], variadic: Bool = false, gradient: Gradient = .constant,
                body: @escaping @Sendable (BuiltinCall) throws -> Value) {
        self.name = name
        self.parameters = parameters
        self.isVariadic = variadic
        self.gradient = gradient
        self.body = body
        self.signature = Signature(name: name, parameters: parameters.map(\.name),
                                   hasDefault: parameters.map { $0.defaultValue != nil }, isVariadic: variadic)
    }
}

/// The builtins a program can call, by name. Resolution binds names to builtins once,
/// before running, so a call costs no look-up by name.
public struct BuiltinRegistry: Sendable {
    /// The registered builtins by name.
    public private(set) var builtins: [String: Builtin] = [:]
    /// Named constants (`pi`), bound like builtins.
    public private(set) var constants: [String: Value] = [:]

    /// An empty registry.
    public init() {}

    /// Adds `builtin`, replacing any builtin of the same name.
    public mutating func register(_ builtin: Builtin) {
        builtins[builtin.name] = builtin
    }

    /// Adds every builtin in `list`.
    public mutating func register(_ list: [Builtin]) {
        for builtin in list { register(builtin) }
    }

    /// Binds `name` to the constant `value`.
    public mutating func define(_ name: String, _ value: Value) {
        constants[name] = value
    }

    /// The builtin called `name`.
    public subscript(name: String) -> Builtin? { builtins[name] }

    /// What `name` is bound to: a builtin function or a constant.
    public func value(named name: String) -> Value? {
        builtins[name].map(Value.builtin) ?? constants[name]
    }

    /// Every bound name.
    public var names: [String] { Array(builtins.keys) + Array(constants.keys) }

    /// The language's standard library: probabilistic primitives, distributions, math,
    /// lists, strings, printing and tensor helpers.
    public static let standard: BuiltinRegistry = {
        var registry = BuiltinRegistry()
        registry.register(Builtins.primitives)
        registry.register(Builtins.math)
        registry.register(Builtins.lists)
        registry.register(Builtins.strings)
        registry.register(Builtins.distributions)
        registry.register(Builtins.tensors)
        for (name, value) in Builtins.constants { registry.define(name, value) }
        return registry
    }()
}

/// One call of a builtin: its arguments and what it may use of the running program.
public struct BuiltinCall {
    /// One value per parameter, in order (defaults filled in, variadic rest as a list).
    public let arguments: [Value]
    /// Where the call is in the source.
    public let site: SourceSpan
    /// The builtin being called.
    public let builtin: Builtin
    let execution: Execution

    /// The interpreter running the program (to run a model under another mode, as inference does).
    public var interpreter: Interpreter { execution.interpreter }

    /// The mode of the current run.
    public var mode: any ExecutionMode { execution.mode }

    /// Calls a `.gns` or builtin function within the current run (same mode, same randomness).
    public func call(_ function: Value, _ arguments: [Value]) throws -> Value {
        try execution.call(function, arguments: arguments, keywords: [], at: site)
    }

    /// Fails unless a value of `count` elements (`what`: "a list", "particles") fits the interpreter's memory
    /// limit (`Interpreter.Limits.elements`). Call it before allocating anything whose size comes from the program.
    public func reserve(_ count: Int, _ what: String) throws {
        if let problem = execution.elementLimitProblem(count, what) { throw BuiltinError(problem) }
    }

    /// Counts `work` steps of the run against its step limit: a builtin that builds or copies n elements does n.
    public func charge(_ work: Int) throws {
        try execution.charge(work, at: site)
    }

    /// Runs `body` with the current run's random number generator.
    public func withGenerator<R>(_ body: (inout SeededGenerator) throws -> R) rethrows -> R {
        try body(&execution.generator)
    }

    /// Writes a line to the program's output (standard output for `gns run`).
    public func output(_ line: String) {
        execution.interpreter.output(line)
    }

    // Typed access to arguments, with errors that name the parameter.

    /// Argument `index` as a plain number (a tracked number gives its current value).
    public func number(_ index: Int) throws -> Double {
        guard let x = arguments[index].numberValue else { throw mismatch(index, "a number") }
        return x
    }

    /// Argument `index` as an integer (a number with no fractional part).
    public func integer(_ index: Int) throws -> Int {
        let x = try number(index)
        guard let n = Int(exactly: x) else {
            throw BuiltinError("\(parameterName(index)) must be an integer, got \(Value.format(x))", argument: index)
        }
        return n
    }

    /// Argument `index` as a list.
    public func list(_ index: Int) throws -> [Value] {
        guard case let .list(items) = arguments[index] else { throw mismatch(index, "a list") }
        return items
    }

    /// Argument `index` as a list of plain numbers.
    public func numbers(_ index: Int) throws -> [Double] {
        let items = try list(index)
        return try items.enumerated().map { position, item in
            guard let x = item.numberValue else {
                throw BuiltinError("\(parameterName(index)) must be a list of numbers; element \(position) is \(item.typeName)", argument: index)
            }
            return x
        }
    }

    /// Argument `index` as a string.
    public func string(_ index: Int) throws -> String {
        guard case let .string(s) = arguments[index] else { throw mismatch(index, "a string") }
        return s
    }

    /// Argument `index` as a boolean.
    public func bool(_ index: Int) throws -> Bool {
        guard case let .bool(b) = arguments[index] else { throw mismatch(index, "a boolean") }
        return b
    }

    /// Argument `index` as a distribution.
    public func distribution(_ index: Int) throws -> DistributionValue {
        guard case let .distribution(d) = arguments[index] else { throw mismatch(index, "a distribution") }
        return d
    }

    /// "parameter `name`", for messages.
    public func parameterName(_ index: Int) -> String {
        index < builtin.parameters.count ? "'\(builtin.parameters[index].name)'" : "argument \(index + 1)"
    }

    /// The error for argument `index` not being `expected`.
    public func mismatch(_ index: Int, _ expected: String) -> BuiltinError {
        BuiltinError("\(parameterName(index)) must be \(expected), got \(arguments[index].typeName)", argument: index)
    }
}
