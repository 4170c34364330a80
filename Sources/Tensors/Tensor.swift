/// An N-dimensional, contiguous, row-major array of `Float` with value semantics.
///
/// Storage is a `[Float]`, so copies share memory until one of them is mutated (copy-on-write).
/// A rank-0 tensor (`shape == []`) is a scalar with one element. A tensor is *tracked* when it was
/// produced on a ``Tape`` (see ``Tape/variable(_:)``); operations on tracked tensors record how to
/// propagate gradients, operations on plain tensors record nothing and cost nothing extra.
///
/// `Sendable` so values can cross threads; a tracked tensor's tape must still only be used by one
/// thread at a time (each thread gets its own tape).
public struct Tensor: @unchecked Sendable {
    /// The extent of each axis, outermost first; empty for a scalar.
    public private(set) var shape: [Int]
    /// The elements in row-major order; `scalars.count == shape.reduce(1, *)`.
    public private(set) var scalars: [Float]
    /// Where this tensor lives on a tape, or `nil` for a plain (untracked) tensor.
    var tracking: Tracking?

    /// Creates a tensor from its shape and row-major elements (a programmer error if the counts disagree).
    public init(shape: [Int], scalars: [Float]) {
        precondition(shape.allSatisfy { $0 >= 0 }, "negative extent in shape \(shape)")
        precondition(shape.reduce(1, *) == scalars.count,
                     "shape \(shape) needs \(shape.reduce(1, *)) elements, got \(scalars.count)")
        self.shape = shape
        self.scalars = scalars
        self.tracking = nil
    }

    /// Creates a tensor whose shape and element count are known to agree (internal fast path).
    @inline(__always)
    init(uncheckedShape shape: [Int], scalars: [Float]) {
        self.shape = shape
        self.scalars = scalars
        self.tracking = nil
    }

    /// Creates a rank-0 tensor (a scalar).
    public init(_ value: Double) {
        self.shape = []
        self.scalars = [Float(value)]
        self.tracking = nil
    }

    /// Creates a rank-0 tensor (a scalar) from a `Float`.
    public init(_ value: Float) {
        self.shape = []
        self.scalars = [value]
        self.tracking = nil
    }

    /// Creates a rank-1 tensor holding `values`.
    public init(_ values: [Float]) {
        self.init(shape: [values.count], scalars: values)
    }

    /// Creates a tensor of the given shape with every element equal to `value`.
    public init(repeating value: Float, shape: [Int]) {
        self.init(shape: shape, scalars: [Float](repeating: value, count: shape.reduce(1, *)))
    }

    /// A tensor of zeros.
    public static func zeros(_ shape: [Int]) -> Tensor { Tensor(repeating: 0, shape: shape) }

    /// A tensor of ones.
    public static func ones(_ shape: [Int]) -> Tensor { Tensor(repeating: 1, shape: shape) }

    /// The number of axes.
    public var rank: Int { shape.count }

    /// The number of elements.
    public var count: Int { scalars.count }

    /// The single element as a `Double`; a programmer error unless the tensor has exactly one element.
    public var scalar: Double {
        precondition(scalars.count == 1, "scalar of a tensor with shape \(shape)")
        return Double(scalars[0])
    }

    /// The element at a multi-index (bounds are a programmer error).
    public subscript(index: Int...) -> Float {
        precondition(index.count == shape.count, "index \(index) for shape \(shape)")
        var flat = 0
        for (axis, i) in index.enumerated() {
            precondition(i >= 0 && i < shape[axis], "index \(index) out of bounds for shape \(shape)")
            flat = flat * shape[axis] + i
        }
        return scalars[flat]
    }

    /// Whether operations on this tensor are being recorded on a live tape.
    public var isTracked: Bool { tracking.map { !$0.log.isClosed } ?? false }

    /// The same values with no tape attached: gradients do not flow through the result.
    public var detached: Tensor {
        var copy = self
        copy.tracking = nil
        return copy
    }

    /// Gives mutable access to the elements; the tensor becomes plain (its tape link is dropped,
    /// since in-place edits cannot be differentiated).
    public mutating func withUnsafeMutableScalars<R>(
        _ body: (inout UnsafeMutableBufferPointer<Float>) throws -> R
    ) rethrows -> R {
        tracking = nil
        return try scalars.withUnsafeMutableBufferPointer(body)
    }

    /// Row-major strides of a shape, in elements.
    static func strides(of shape: [Int]) -> [Int] {
        var strides = [Int](repeating: 1, count: shape.count)
        var running = 1
        for axis in stride(from: shape.count - 1, through: 0, by: -1) {
            strides[axis] = running
            running *= shape[axis]
        }
        return strides
    }
}

extension Tensor: CustomStringConvertible {
    /// A short description: shape and (up to 8) elements.
    public var description: String {
        let shown = scalars.prefix(8).map { "\($0)" }.joined(separator: ", ")
        return "Tensor(shape: \(shape), [\(shown)\(scalars.count > 8 ? ", ..." : "")])"
    }
}

extension Tensor: Equatable {
    /// Equal shapes and elements (tape membership is ignored).
    public static func == (lhs: Tensor, rhs: Tensor) -> Bool {
        lhs.shape == rhs.shape && lhs.scalars == rhs.scalars
    }
}
