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
    /// Each address used in this run and where, unless the mode keeps its own table (`checksAddressReuse`).
    var used: [Address: SourceSpan] = [:]
    /// Whether the mode refuses a reused address itself, so `used` stays empty.
    private let checksAddressReuse: Bool
    /// The value of the last `return`, read by the call that ran it.
    var returnValue: Value = .nil
    /// Native stack address below which calls are refused (the stack grows down).
    let stackFloor: UInt
    /// Polled every `Cancellation.pollInterval` steps: the run stops with an error once it is requested.
    let cancellation: Cancellation?
    /// The step count at which `cancellation` is polled next (never without one).
    private var nextCancellationPoll: Int

    init(interpreter: Interpreter, mode: any ExecutionMode, generator: SeededGenerator, cancellation: Cancellation? = nil) {
        self.interpreter = interpreter
        self.mode = mode
        self.generator = generator
        self.cancellation = cancellation
        nextCancellationPoll = cancellation == nil ? .max : Cancellation.pollInterval
        self.stackFloor = NativeStack.floor(reserving: interpreter.limits.stackReserve)
        checksAddressReuse = mode.checksAddressReuse
        if !checksAddressReuse { used.reserveCapacity(mode.expectedChoiceCount) }
    }

    var limits: Interpreter.Limits { interpreter.limits }

    /// Counts one step, failing when the step limit is reached.
    @inline(__always)
    func step(at location: SourceSpan) throws {
        try charge(1, at: location)
    }

    /// Counts `work` steps (a builtin that builds or copies n elements does n), failing when the step limit is reached.
    @inline(__always)
    func charge(_ work: Int, at location: SourceSpan) throws {
        let (total, overflow) = steps.addingReportingOverflow(work)
        steps = overflow ? .max : total
        if steps > limits.steps {
            throw RuntimeError("step limit reached: the program ran more than \(limits.steps) steps (an endless loop?); raise it with --max-steps", at: location)
        }
        if steps >= nextCancellationPoll { try pollCancellation(at: location) }
    }

    /// Throws once the run's cancellation is requested; otherwise schedules the next poll.
    private func pollCancellation(at location: SourceSpan) throws {
        nextCancellationPoll = steps + Cancellation.pollInterval
        if cancellation?.isRequested() == true {
            throw RuntimeError("run cancelled (another run failed first)", at: location)
        }
    }

    /// The memory-limit message unless a value of `count` elements (`what`: "a list", "a string") fits
    /// `limits.elements`; asked before allocating.
    func elementLimitProblem(_ count: Int, _ what: String) -> String? {
        guard count > limits.elements else { return nil }
        return "\(what) of \(count) elements would pass the memory limit of \(limits.elements) elements per value; raise it with --max-elements"
    }

    /// Fails at `location` unless a value of `count` elements fits the memory limit (see `elementLimitProblem`).
    func reserve(_ count: Int, _ what: String, at location: SourceSpan) throws {
        if let problem = elementLimitProblem(count, what) { throw RuntimeError(problem, at: location) }
    }

    /// The full address of a choice named `value` at `site`, checked unused in this run and recorded.
    func claim(_ value: Value, at site: SourceSpan) throws -> Address {
        let local = try Address(value: value, at: site)
        let address = namespace.map { local.prefixed(by: $0) } ?? local
        if !checksAddressReuse, let first = used.updateValue(site, forKey: address) {
            throw RuntimeError.addressReused(address, first: first, again: site)
        }
        return address
    }
}

extension Address {
    /// The address a `.gns` value names: a string, an integer (tracked or not) or a tuple of them.
    public init(value: Value, at site: SourceSpan) throws {
        if let address = Address(exactly: value) {
            self = address
        } else if let x = value.numberValue {
            throw RuntimeError("an address number must be an integer, got \(Value.format(x))", at: site)
        } else {
            throw RuntimeError("an address must be a string, an integer or a tuple of them, got \(value.typeName)", at: site)
        }
    }
}
