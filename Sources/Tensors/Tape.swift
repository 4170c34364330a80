/// A record of operations for reverse-mode differentiation (a Wengert list).
///
/// Recording starts when a tensor is marked as a variable on a tape (``variable(_:)``); every
/// operation with at least one tracked input appends one entry, and operations whose inputs are all
/// plain record nothing. Entries are appended in execution order, which is already a topological
/// order, so ``gradients(of:seed:)`` walks them backwards once.
///
/// A tape is mutable shared state (that is its point), so it is a class. Use one tape per thread:
/// different tapes on different threads are independent; there is no global state. When the tape is
/// released its entries are freed, and tensors that were tracked on it become plain.
public final class Tape: @unchecked Sendable {
    /// The entries; tracked tensors point here (not at the tape), see ``TapeLog``.
    let log = TapeLog()

    /// Creates an empty tape.
    public init() {}

    deinit { log.close() }

    /// The number of recorded entries (variables and operations).
    public var count: Int { log.entries.count }

    /// Whether operations on this tape's tensors are recorded (false while running backward passes).
    public var isRecording: Bool { log.isRecording }

    /// Marks `value` as a variable: the returned tensor is tracked, and gradients can be taken w.r.t. it.
    public func variable(_ value: Tensor) -> Tensor {
        log.append(value, TapeLog.Entry(rule: .leaf, shape: value.shape))
    }

    /// A scalar variable on this tape.
    public func variable(_ value: Double) -> Tensor { variable(Tensor(value)) }

    /// Runs `body` without recording (for example to update weights in place during training).
    public func withoutRecording<R>(_ body: () throws -> R) rethrows -> R {
        let previous = log.isRecording
        log.isRecording = false
        defer { log.isRecording = previous }
        return try body()
    }

    /// The recording log of `input`, or `nil` if it is plain (no array is built: this runs on every op).
    @inline(__always)
    static func recording(_ input: Tensor) -> TapeLog? {
        guard let log = input.tracking?.log, log.isRecording else { return nil }
        return log
    }

    /// The recording log shared by two inputs, or `nil` if neither is tracked.
    @inline(__always)
    static func recording(_ a: Tensor, _ b: Tensor) -> TapeLog? {
        switch (recording(a), recording(b)) {
        case (nil, nil): return nil
        case let (log?, nil), let (nil, log?): return log
        case let (first?, second?):
            precondition(first === second, "one operation mixes tensors from two tapes")
            return first
        }
    }

    /// The recording log shared by three inputs, or `nil` if none is tracked.
    static func recording(_ a: Tensor, _ b: Tensor, _ c: Tensor) -> TapeLog? {
        recording([a, b, c])
    }

    /// The recording log shared by the tracked tensors among `inputs`, or `nil` if none is tracked.
    static func recording(_ inputs: [Tensor]) -> TapeLog? {
        var found: TapeLog?
        for input in inputs {
            guard let log = recording(input) else { continue }
            precondition(found == nil || found === log, "one operation mixes tensors from two tapes")
            found = log
        }
        return found
    }

    /// Gradients of `output` w.r.t. every tensor on this tape that it depends on.
    ///
    /// `seed` is the gradient flowing into `output` (default: ones, i.e. d output / d output, which
    /// for a scalar loss gives the usual gradient). Gradients of tensors used more than once are summed.
    /// A programmer error if `output` is not tracked on this tape, or if a custom operation returns a
    /// gradient whose shape differs from its input's.
    public func gradients(of output: Tensor, seed: Tensor? = nil) -> Gradients {
        guard let start = output.index(on: self) else {
            preconditionFailure("gradients(of:) needs a tensor tracked on this tape")
        }
        let seed = seed ?? Tensor.ones(output.shape)
        precondition(seed.shape == output.shape, "seed shape \(seed.shape) differs from output shape \(output.shape)")
        var store = GradientStore(count: start + 1)
        store.add(seed.detached, to: start, shape: output.shape)
        let entries = log.entries
        withoutRecording {
            for index in stride(from: start, through: 0, by: -1) {
                switch entries[index].rule {
                case .leaf:
                    continue
                case let .scalar(first, firstPartial, second, secondPartial):
                    let grad = store.scalars[index]
                    guard grad != 0 else { continue }
                    if first >= 0 { store.add(grad * firstPartial, to: first, shape: entries[first].shape) }
                    if second >= 0 { store.add(grad * secondPartial, to: second, shape: entries[second].shape) }
                case let .general(inputs, backward):
                    guard let grad = store.gradient(of: index, shape: entries[index].shape) else { continue }
                    for (input, inputGrad) in zip(inputs, backward(grad)) {
                        guard let input, let inputGrad else { continue }
                        store.add(inputGrad, to: input, shape: entries[input].shape)
                    }
                }
            }
        }
        return Gradients(tape: self, store: store, shapes: entries[0...start].map(\.shape))
    }
}

/// The entries of one tape.
///
/// Tracked tensors hold their log strongly (cheap to copy, unlike a weak reference), and backward
/// closures may capture tracked tensors, so log -> entry -> closure -> tensor -> log is a cycle. The
/// owning ``Tape`` breaks it when released by closing the log: entries are dropped and nothing more
/// is recorded.
final class TapeLog: @unchecked Sendable {
    /// One recorded operation (or variable): how to send its output gradient back to its inputs.
    struct Entry {
        /// How gradients flow back from this entry.
        enum Rule {
            /// A variable: gradients stop here.
            case leaf
            /// A rank-0 operation with at most two tracked rank-0 inputs (entry indices, -1 for none)
            /// and its local partial derivatives, evaluated when recorded. No closure, no allocation:
            /// this is how the language's numbers are differentiated.
            case scalar(first: Int, firstPartial: Float, second: Int, secondPartial: Float)
            /// Any other operation: input entry indices (`nil` for untracked inputs) and a closure
            /// mapping the output gradient to one gradient per input.
            case general(inputs: [Int?], backward: (Tensor) -> [Tensor?])
        }
        let rule: Rule
        /// The output's shape; rank-0 outputs accumulate their gradient as a plain `Float`.
        let shape: [Int]
    }

    var entries: [Entry] = []
    /// False while a backward pass runs and after the tape is released.
    var isRecording = true
    /// Whether the owning tape was released.
    private(set) var isClosed = false

    /// Drops the entries (breaking reference cycles through backward closures) and stops recording.
    func close() {
        isClosed = true
        isRecording = false
        entries.removeAll()
    }

    /// Appends `entry` and returns `output` tracked as that entry.
    @inline(__always)
    func append(_ output: Tensor, _ entry: Entry) -> Tensor {
        var tracked = output
        tracked.tracking = Tracking(log: self, index: entries.count)
        entries.append(entry)
        return tracked
    }

    /// Appends an operation whose result is `output` (a plain tensor) and returns `output` tracked.
    func record(_ output: Tensor, inputs: [Tensor], backward: @escaping (Tensor) -> [Tensor?]) -> Tensor {
        append(output, Entry(rule: .general(inputs: inputs.map { $0.index(in: self) }, backward: backward), shape: output.shape))
    }

    /// Appends a rank-0 operation of rank-0 inputs `first` (and `second`) given its partial derivatives.
    func recordScalar(_ output: Tensor, _ first: Tensor, _ firstPartial: Float,
                      _ second: Tensor? = nil, _ secondPartial: Float = 0) -> Tensor {
        let rule = Entry.Rule.scalar(first: first.index(in: self) ?? -1, firstPartial: firstPartial,
                                     second: second?.index(in: self) ?? -1, secondPartial: secondPartial)
        return append(output, Entry(rule: rule, shape: []))
    }
}

/// Gradients accumulated during one backward pass: rank-0 entries as plain floats, others as tensors.
struct GradientStore {
    var scalars: [Float]
    var tensors: [Tensor?]

    init(count: Int) {
        scalars = [Float](repeating: 0, count: count)
        tensors = [Tensor?](repeating: nil, count: count)
    }

    /// Adds a gradient for a rank-0 entry.
    mutating func add(_ value: Float, to index: Int, shape: [Int]) {
        if shape.isEmpty { scalars[index] += value } else { add(Tensor(value), to: index, shape: shape) }
    }

    /// Adds a gradient for any entry, checking it has the entry's shape.
    mutating func add(_ value: Tensor, to index: Int, shape: [Int]) {
        precondition(value.shape == shape || (shape.isEmpty && value.count == 1),
                     "a backward rule returned a gradient of shape \(value.shape) for an input of shape \(shape)")
        if shape.isEmpty {
            scalars[index] += value.scalars[0]
        } else {
            guard var total = tensors[index] else { tensors[index] = value; return }
            // Emptying the slot leaves `total` the only owner of its storage, so the sum is written in place
            // instead of allocating a fresh gradient (recurrent nets add one per time step).
            tensors[index] = nil
            total.accumulate(value)
            tensors[index] = total
        }
    }

    /// The accumulated gradient of an entry, or `nil` if none reached it.
    func gradient(of index: Int, shape: [Int]) -> Tensor? {
        shape.isEmpty ? (scalars[index] == 0 ? nil : Tensor(scalars[index])) : tensors[index]
    }
}

/// The gradients computed by one backward pass, looked up by the tracked tensor they belong to.
public struct Gradients {
    let tape: Tape
    let store: GradientStore
    let shapes: [[Int]]

    /// The gradient w.r.t. `tensor` (zeros of its shape when the output does not depend on it).
    /// A programmer error if `tensor` is not tracked on the tape that produced these gradients.
    public subscript(_ tensor: Tensor) -> Tensor {
        guard let index = tensor.index(on: tape) else {
            preconditionFailure("gradient requested for a tensor that is not on this tape")
        }
        guard index < shapes.count else { return Tensor.zeros(tensor.shape) }
        return store.gradient(of: index, shape: shapes[index]) ?? Tensor.zeros(tensor.shape)
    }
}

/// A tracked tensor's link to its tape's log.
struct Tracking {
    let log: TapeLog
    let index: Int
}

extension Tensor {
    /// This tensor's entry index if it is tracked on `tape`.
    func index(on tape: Tape) -> Int? { index(in: tape.log) }

    /// This tensor's entry index if it is tracked in `log`.
    func index(in log: TapeLog) -> Int? {
        guard let tracking, tracking.log === log, !log.isClosed else { return nil }
        return tracking.index
    }

    /// Adds a differentiable operation defined outside this module.
    ///
    /// `output` is the operation's value computed from plain values of `inputs`. `backward` receives
    /// the gradient of the loss w.r.t. `output` (same shape as `output`) and returns one gradient per
    /// input, each with that input's shape, or `nil` where no gradient is needed (e.g. an untracked or
    /// integer-valued input). If no input is tracked, `output` is returned as is and nothing is
    /// recorded. `backward` runs with recording off, so it may use any tensor operation freely.
    ///
    /// ```swift
    /// // y = x^3 with its analytic derivative 3x^2
    /// let y = Tensor.custom(inputs: [x], output: x.detached.map { $0 * $0 * $0 }) { g in
    ///     [g * 3 * x * x]
    /// }
    /// ```
    public static func custom(inputs: [Tensor], output: Tensor,
                              backward: @escaping (Tensor) -> [Tensor?]) -> Tensor {
        guard let log = Tape.recording(inputs) else { return output.detached }
        return log.record(output.detached, inputs: inputs, backward: backward)
    }
}
