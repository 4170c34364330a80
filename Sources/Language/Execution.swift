import Random

/// The state of one run of a program or a function: the execution mode, the random
/// stream, the guard-rail counters, the address namespace and the addresses used so far.
/// Inference makes one per particle, so runs on different threads share nothing mutable.
final class Execution {
    let interpreter: Interpreter
    let mode: any ExecutionMode
    var generator: SeededGenerator
    /// Statements and loop iterations executed, against `limits.steps`.
    var steps = 0
    /// `.gns` calls active, against `limits.callDepth`.
    var depth = 0
    /// The prefix that `at` put on addresses in the current call, if any.
    var namespace: Address?
    /// Each address used in this run and where.
    var used: [Address: SourceSpan] = [:]
    /// The value of the last `return`, read by the call that ran it.
    var returnValue: Value = .nil
    /// Native stack address below which calls are refused (the stack grows down).
    let stackFloor: UInt

    init(interpreter: Interpreter, mode: any ExecutionMode, generator: SeededGenerator) {
        self.interpreter = interpreter
        self.mode = mode
        self.generator = generator
        self.stackFloor = NativeStack.floor(reserving: interpreter.limits.stackReserve)
        used.reserveCapacity(mode.expectedChoiceCount)
    }

    var limits: Interpreter.Limits { interpreter.limits }

    /// Counts one step, failing when the step limit is reached.
    @inline(__always)
    func step(at location: SourceSpan) throws {
        steps &+= 1
        if steps > limits.steps {
            throw RuntimeError("step limit reached: the program ran more than \(limits.steps) steps (an endless loop?); raise it with --max-steps", at: location)
        }
    }

    /// The full address of a choice named `value` at `site`, checked unused in this run and recorded.
    func claim(_ value: Value, at site: SourceSpan) throws -> Address {
        let local = try Address(value: value, at: site)
        let address = namespace.map { local.prefixed(by: $0) } ?? local
        if let first = used.updateValue(site, forKey: address) {
            throw RuntimeError("address \(address) is used twice in one run (first at \(first), again here)", at: site,
                               notes: [Diagnostic.Note("first used here", at: first)])
        }
        return address
    }
}

extension Address {
    /// The address a `.gns` value names: a string, an integer (tracked or not) or a tuple of them.
    init(value: Value, at site: SourceSpan) throws {
        if let address = Address(exactly: value) {
            self = address
        } else if let x = value.numberValue {
            throw RuntimeError("an address number must be an integer, got \(Value.format(x))", at: site)
        } else {
            throw RuntimeError("an address must be a string, an integer or a tuple of them, got \(value.typeName)", at: site)
        }
    }
}
