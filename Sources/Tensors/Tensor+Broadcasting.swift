/// NumPy-style broadcasting: shapes are aligned at their last axis, and an axis of extent 1 (or a
/// missing leading axis) stretches to match the other operand.
extension Tensor {
    /// The broadcast shape of two shapes, or `nil` if they are incompatible (use this to validate
    /// user-supplied shapes before calling an operation, which treats a mismatch as a programmer error).
    public static func broadcastShape(_ a: [Int], _ b: [Int]) -> [Int]? {
        let rank = Swift.max(a.count, b.count)
        var result = [Int](repeating: 1, count: rank)
        for axis in 0..<rank {
            let x = axis < rank - a.count ? 1 : a[axis - (rank - a.count)]
            let y = axis < rank - b.count ? 1 : b[axis - (rank - b.count)]
            guard x == y || x == 1 || y == 1 else { return nil }
            result[axis] = x == 1 ? y : x
        }
        return result
    }

    /// For each element of `target` in row-major order, the flat offset of the element of a tensor of
    /// shape `source` that broadcasting maps onto it.
    static func broadcastOffsets(from source: [Int], to target: [Int]) -> [Int] {
        let padded = [Int](repeating: 1, count: target.count - source.count) + source
        var strides = Tensor.strides(of: padded)
        for axis in 0..<padded.count where padded[axis] == 1 { strides[axis] = 0 }
        let total = target.reduce(1, *)
        var offsets = [Int](repeating: 0, count: total)
        guard total > 0 else { return offsets }
        var index = [Int](repeating: 0, count: target.count)
        var offset = 0
        for flat in 0..<total {
            offsets[flat] = offset
            advance(&index, offset: &offset, strides: strides, extents: target)
        }
        return offsets
    }

    /// Whether `small` broadcasts to `big` by repeating whole blocks (its shape, leading 1s removed,
    /// is a suffix of `big`), as a bias `[C]` does against `[N, C]`: then element i of the broadcast is
    /// element i % count of `small`, and no offset table is needed.
    static func repeatsAsBlocks(_ small: [Int], in big: [Int]) -> Bool {
        let core = small.drop { $0 == 1 }
        return core.count <= big.count && big.suffix(core.count).elementsEqual(core)
    }

    /// When `small` is `big` with one run of consecutive axes summed away (kept as 1s or, leading, dropped), e.g.
    /// [N, 1, 64] in [N, 196, 64] or [64] in [N, 64]: the sizes of the axes before the run, of the run, after it.
    static func reducedRun(_ small: [Int], in big: [Int]) -> (outer: Int, length: Int, inner: Int)? {
        guard small.count <= big.count else { return nil }
        let padded = Array(repeating: 1, count: big.count - small.count) + small
        let differing = big.indices.filter { padded[$0] != big[$0] }
        guard let first = differing.first, let last = differing.last else { return nil }
        // Inside the run every axis is summed (kept as 1); a 1 in `big` there is the same either way.
        guard (first...last).allSatisfy({ padded[$0] == 1 }) else { return nil }
        return (big[..<first].reduce(1, *), big[first...last].reduce(1, *), big[(last + 1)...].reduce(1, *))
    }

    /// This tensor's values repeated to `shape` (which must be a broadcast of this shape). Plain result.
    func broadcastValues(to shape: [Int]) -> Tensor {
        if self.shape == shape { return detached }
        if count == 1 { return Tensor(repeating: scalars[0], shape: shape) }
        let offsets = Tensor.broadcastOffsets(from: self.shape, to: shape)
        return Tensor(shape: shape, scalars: offsets.map { scalars[$0] })
    }

    /// Sums this tensor down to `shape`, undoing a broadcast (the adjoint of ``broadcastValues(to:)``).
    /// Plain result; used to reduce gradients back to an input's shape.
    func summed(to shape: [Int]) -> Tensor {
        if self.shape == shape { return detached }
        var result = [Float](repeating: 0, count: shape.reduce(1, *))
        if result.count == 1 {
            result[0] = scalars.reduce(0, +)
        } else if !result.isEmpty, let (outer, length, inner) = Tensor.reducedRun(shape, in: self.shape) {
            // Rows of `inner` values added whole (the odometer below cost a few nanoseconds per element: 5% of
            // scoring a character went to the mean feature of its stroke maps).
            scalars.withUnsafeBufferPointer { g in
                result.withUnsafeMutableBufferPointer { r in
                    for o in 0..<outer {
                        for k in 0..<length {
                            let source = g.baseAddress! + (o * length + k) * inner, target = r.baseAddress! + o * inner
                            for j in 0..<inner { target[j] += source[j] }
                        }
                    }
                }
            }
        } else {
            let offsets = Tensor.broadcastOffsets(from: shape, to: self.shape)
            for (value, offset) in zip(scalars, offsets) { result[offset] += value }
        }
        return Tensor(shape: shape, scalars: result)
    }

    /// Broadcasts this tensor to `shape` (differentiable: the gradient is summed back).
    public func broadcast(to shape: [Int]) -> Tensor {
        precondition(Tensor.broadcastShape(self.shape, shape) == shape, "cannot broadcast \(self.shape) to \(shape)")
        let value = broadcastValues(to: shape)
        guard let tape = Tape.recording(self) else { return value }
        let inputShape = self.shape
        return tape.record(value, inputs: [self]) { grad in [grad.summed(to: inputShape)] }
    }

    /// Applies `op` elementwise to two broadcast-compatible tensors (plain result).
    ///
    /// Inlined so that each operator's `op` is inlined too and the same-shape loop vectorises.
    @inline(__always)
    static func zipValues(_ a: Tensor, _ b: Tensor, _ op: (Float, Float) -> Float) -> Tensor {
        if a.shape.isEmpty && b.shape.isEmpty {  // scalar fast path: the language's numbers in gradient mode
            return Tensor(uncheckedShape: [], scalars: [op(a.scalars[0], b.scalars[0])])
        }
        if a.shape == b.shape { return Tensor(uncheckedShape: a.shape, scalars: combined(a.scalars, b.scalars, op)) }
        guard let shape = broadcastShape(a.shape, b.shape) else {
            preconditionFailure("shapes \(a.shape) and \(b.shape) do not broadcast")
        }
        if b.count == 1 && shape == a.shape {
            let y = b.scalars[0]
            return Tensor(uncheckedShape: shape, scalars: a.scalars.map { op($0, y) })
        }
        if a.count == 1 && shape == b.shape {
            let x = a.scalars[0]
            return Tensor(uncheckedShape: shape, scalars: b.scalars.map { op(x, $0) })
        }
        if shape == a.shape && repeatsAsBlocks(b.shape, in: shape) {
            return repeatingBlocks(a, b, shape: shape, op)
        }
        if shape == b.shape && repeatsAsBlocks(a.shape, in: shape) {
            return repeatingBlocks(b, a, shape: shape) { op($1, $0) }
        }
        let offsetsA = broadcastOffsets(from: a.shape, to: shape)
        let offsetsB = broadcastOffsets(from: b.shape, to: shape)
        var out = [Float](repeating: 0, count: offsetsA.count)
        for i in 0..<out.count { out[i] = op(a.scalars[offsetsA[i]], b.scalars[offsetsB[i]]) }
        return Tensor(uncheckedShape: shape, scalars: out)
    }

    /// `op(full[i], block[i % block.count])` for every element of `full` (see ``repeatsAsBlocks(_:in:)``).
    @inline(__always)
    private static func repeatingBlocks(_ full: Tensor, _ block: Tensor, shape: [Int],
                                        _ op: (Float, Float) -> Float) -> Tensor {
        let size = block.count
        guard size > 0 else { return Tensor(uncheckedShape: shape, scalars: []) }
        let out = [Float](unsafeUninitializedCapacity: full.count) { z, initialized in
            full.scalars.withUnsafeBufferPointer { x in
                block.scalars.withUnsafeBufferPointer { y in
                    guard let x = x.baseAddress, let y = y.baseAddress, let z = z.baseAddress else { return }
                    for start in stride(from: 0, to: full.count, by: size) {
                        for j in 0..<size { z[start + j] = op(x[start + j], y[j]) }
                    }
                }
            }
            initialized = full.count
        }
        return Tensor(uncheckedShape: shape, scalars: out)
    }

    /// Applies `op` to every element (plain result, not differentiable; see ``custom(inputs:output:backward:)``).
    public func map(_ op: (Float) -> Float) -> Tensor {
        Tensor(uncheckedShape: shape, scalars: scalars.map(op))
    }
}

extension Tensor {
    /// One step of an odometer over the first `index.count` axes of `extents` (the last of them fastest), keeping
    /// `offset` = Σ index[a]·strides[a] in step.
    @inline(__always)
    static func advance(_ index: inout [Int], offset: inout Int, strides: [Int], extents: [Int]) {
        var axis = index.count - 1
        while axis >= 0 {
            index[axis] += 1
            offset += strides[axis]
            if index[axis] < extents[axis] { return }
            offset -= strides[axis] * index[axis]
            index[axis] = 0
            axis -= 1
        }
    }
}
