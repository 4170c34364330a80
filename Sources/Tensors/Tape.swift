/// A record of operations for reverse-mode differentiation (a Wengert list).
///
/// Recording starts when a tensor is marked as a variable on a tape (``variable(_:)``); every
/// operation with at least one tracked input appends one entry, and operations whose inputs are all
/// plain record nothing. Entries are appended in execution order, which is already a topological
/// order, so ``gradients(of:seed:)`` walks them backwards once.
///
/// A tape is mutable shared state (that is its point), so it is a class. Use one tape per thread:
/// different tapes on different threads are independent; there is no global state.
public final class Tape: @unchecked Sendable {
    /// One recorded operation: which nodes fed it and how to send an output gradient back to them.
    struct Entry {
        /// Tape indices of the operation's inputs, in order; `nil` for untracked inputs.
        let inputs: [Int?]
        /// Maps the gradient of the output to gradients of the inputs (`nil` for a leaf variable).
        let backward: ((Tensor) -> [Tensor?])?
    }

    private var entries: [Entry] = []
    /// Whether operations on this tape's tensors are recorded (false while running backward passes).
    public private(set) var isRecording = true

    /// Creates an empty tape.
    public init() {}

    /// The number of recorded entries (variables and operations).
    public var count: Int { entries.count }

    /// Marks `value` as a variable: the returned tensor is tracked, and gradients can be taken w.r.t. it.
    public func variable(_ value: Tensor) -> Tensor {
        var tracked = value
        tracked.tracking = Tracking(tape: self, index: entries.count)
        entries.append(Entry(inputs: [], backward: nil))
        return tracked
    }

    /// A scalar variable on this tape.
    public func variable(_ value: Double) -> Tensor { variable(Tensor(value)) }

    /// Runs `body` without recording (for example to update weights in place during training).
    public func withoutRecording<R>(_ body: () throws -> R) rethrows -> R {
        let previous = isRecording
        isRecording = false
        defer { isRecording = previous }
        return try body()
    }

    /// Appends an operation whose result is `output` (a plain tensor) and returns `output` tracked.
    func record(_ output: Tensor, inputs: [Tensor], backward: @escaping (Tensor) -> [Tensor?]) -> Tensor {
        var tracked = output
        tracked.tracking = Tracking(tape: self, index: entries.count)
        entries.append(Entry(inputs: inputs.map { $0.index(on: self) }, backward: backward))
        return tracked
    }

    /// The recording tape shared by the tracked tensors among `inputs`, or `nil` if none is tracked.
    /// Tensors from two different live tapes in one operation are a programmer error.
    static func recording(_ inputs: Tensor...) -> Tape? { recording(inputs) }

    /// The recording tape shared by the tracked tensors among `inputs`, or `nil` if none is tracked.
    static func recording(_ inputs: [Tensor]) -> Tape? {
        var found: Tape?
        for input in inputs {
            guard let tape = input.tracking?.tape, tape.isRecording else { continue }
            precondition(found == nil || found === tape, "one operation mixes tensors from two tapes")
            found = tape
        }
        return found
    }

    /// Gradients of `output` w.r.t. every tensor on this tape that it depends on.
    ///
    /// `seed` is the gradient flowing into `output` (default: ones, i.e. d output / d output, which
    /// for a scalar loss gives the usual gradient). Gradients of tensors used more than once are summed.
    /// A programmer error if `output` is not tracked on this tape.
    public func gradients(of output: Tensor, seed: Tensor? = nil) -> Gradients {
        guard let start = output.index(on: self) else {
            preconditionFailure("gradients(of:) needs a tensor tracked on this tape")
        }
        let seed = seed ?? Tensor.ones(output.shape)
        precondition(seed.shape == output.shape, "seed shape \(seed.shape) differs from output shape \(output.shape)")
        var grads = [Tensor?](repeating: nil, count: start + 1)
        grads[start] = seed.detached
        withoutRecording {
            for index in stride(from: start, through: 0, by: -1) {
                let entry = entries[index]
                guard let backward = entry.backward, let grad = grads[index] else { continue }
                let inputGrads = backward(grad)
                for (input, inputGrad) in zip(entry.inputs, inputGrads) {
                    guard let input, let inputGrad else { continue }
                    grads[input] = grads[input].map { $0 + inputGrad } ?? inputGrad
                }
            }
        }
        return Gradients(tape: self, values: grads)
    }
}

/// The gradients computed by one backward pass, looked up by the tracked tensor they belong to.
public struct Gradients {
    let tape: Tape
    let values: [Tensor?]

    /// The gradient w.r.t. `tensor` (zeros of its shape when the output does not depend on it).
    /// A programmer error if `tensor` is not tracked on the tape that produced these gradients.
    public subscript(_ tensor: Tensor) -> Tensor {
        guard let index = tensor.index(on: tape) else {
            preconditionFailure("gradient requested for a tensor that is not on this tape")
        }
        return (index < values.count ? values[index] : nil) ?? Tensor.zeros(tensor.shape)
    }
}

/// A tracked tensor's link to its tape: weak, so tensors captured by backward closures do not keep
/// their tape alive in a cycle.
struct Tracking {
    weak var tape: Tape?
    let index: Int
}

extension Tensor {
    /// This tensor's entry index if it is tracked on `tape`.
    func index(on tape: Tape) -> Int? {
        guard let tracking, tracking.tape === tape else { return nil }
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
        guard let tape = Tape.recording(inputs) else { return output.detached }
        return tape.record(output.detached, inputs: inputs, backward: backward)
    }
}
