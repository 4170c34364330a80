import Kernels

/// Operations that move elements without arithmetic: reshape, permute, concatenate, split, slice,
/// gather. Their backward passes move the gradient back the same way.
extension Tensor {
    /// The same elements under a new shape; one extent may be `-1` (inferred). A count mismatch is a
    /// programmer error.
    public func reshaped(_ newShape: [Int]) -> Tensor {
        var resolved = newShape
        if let hole = newShape.firstIndex(of: -1) {
            let known = newShape.enumerated().filter { $0.offset != hole }.reduce(1) { $0 * $1.element }
            precondition(known > 0 && count % known == 0, "cannot reshape \(shape) to \(newShape)")
            resolved[hole] = count / known
        }
        precondition(resolved.reduce(1, *) == count, "cannot reshape \(shape) to \(newShape)")
        let value = Tensor(shape: resolved, scalars: scalars)
        guard let tape = Tape.recording(self) else { return value }
        let inputShape = shape
        return tape.record(value, inputs: [self]) { grad in [Tensor(shape: inputShape, scalars: grad.scalars)] }
    }

    /// Reorders axes: axis `i` of the result is axis `order[i]` of this tensor.
    public func permuted(_ order: [Int]) -> Tensor {
        precondition(order.sorted() == Array(0..<rank), "permutation \(order) for rank \(rank)")
        let value = permutedValues(order)
        guard let tape = Tape.recording(self) else { return value }
        var inverse = order
        for (position, axis) in order.enumerated() { inverse[axis] = position }
        return tape.record(value, inputs: [self]) { grad in [grad.permutedValues(inverse)] }
    }

    /// The plain permuted tensor. Swapping the last two axes (a batch of matrix transposes, as the stroke
    /// network's feature maps) goes tile by tile; any other order walks the result in runs along its last axis.
    func permutedValues(_ order: [Int]) -> Tensor {
        if order == Array(0..<rank) { return detached }
        let outShape = order.map { shape[$0] }
        let sourceStrides = Tensor.strides(of: shape)
        let strides = order.map { sourceStrides[$0] }
        let swapsLastTwo = order.dropLast(2).elementsEqual(0..<(rank - 2)) && order.suffix(2).elementsEqual([rank - 1, rank - 2])
        let values = [Float](unsafeUninitializedCapacity: count) { out, initialized in
            scalars.withUnsafeBufferPointer { source in
                guard let from = source.baseAddress, let to = out.baseAddress else { return }
                if swapsLastTwo {
                    Transpose.matrices(count: shape.dropLast(2).reduce(1, *), rows: shape[rank - 2], columns: shape[rank - 1],
                                       source: from, target: to)
                    return
                }
                // An odometer over the result's leading axes; each of its steps copies one run of the last axis.
                let run = outShape[rank - 1], runStride = strides[rank - 1]
                var index = [Int](repeating: 0, count: rank - 1)
                var offset = 0
                for start in stride(from: 0, to: count, by: run) {
                    for j in 0..<run { to[start + j] = from[offset + j * runStride] }
                    Tensor.advance(&index, offset: &offset, strides: strides, extents: outShape)
                }
            }
            initialized = count
        }
        return Tensor(shape: outShape, scalars: values)
    }

    /// Joins tensors along `axis`; all other extents must agree (a programmer error otherwise).
    public static func concatenate(_ parts: [Tensor], axis: Int) -> Tensor {
        precondition(!parts.isEmpty, "concatenate needs at least one tensor")
        let first = parts[0]
        let axis = first.normalizedAxis(axis)
        var outShape = first.shape
        outShape[axis] = 0
        for part in parts {
            var probe = part.shape
            precondition(probe.count == first.rank, "concatenate rank mismatch: \(part.shape) vs \(first.shape)")
            outShape[axis] += probe[axis]
            probe[axis] = first.shape[axis]
            precondition(probe == first.shape, "concatenate shape mismatch: \(part.shape) vs \(first.shape)")
        }
        let outer = first.shape[..<axis].reduce(1, *)
        let inner = first.shape[(axis + 1)...].reduce(1, *)
        var out = [Float]()
        out.reserveCapacity(outShape.reduce(1, *))
        for o in 0..<outer {
            for part in parts {
                let block = part.shape[axis] * inner
                out.append(contentsOf: part.scalars[(o * block)..<((o + 1) * block)])
            }
        }
        let value = Tensor(shape: outShape, scalars: out)
        guard let tape = Tape.recording(parts) else { return value }
        let extents = parts.map { $0.shape[axis] }
        return tape.record(value, inputs: parts) { grad in grad.splitValues(extents, axis: axis) }
    }

    /// Stacks equally shaped tensors along a new axis `axis` (e.g. tracked scalars into a vector).
    public static func stack(_ parts: [Tensor], axis: Int = 0) -> Tensor {
        precondition(!parts.isEmpty, "stack needs at least one tensor")
        let shape = parts[0].shape
        precondition(axis >= 0 && axis <= shape.count, "stack axis \(axis) for shape \(shape)")
        var expanded = shape
        expanded.insert(1, at: axis)
        return concatenate(parts.map { part in
            precondition(part.shape == shape, "stack shape mismatch: \(part.shape) vs \(shape)")
            return part.reshaped(expanded)
        }, axis: axis)
    }

    /// Cuts this tensor along `axis` into consecutive pieces with the given extents (which must sum to
    /// the axis extent).
    public func split(_ extents: [Int], axis: Int) -> [Tensor] {
        let axis = normalizedAxis(axis)
        precondition(extents.reduce(0, +) == shape[axis], "split \(extents) does not cover axis \(axis) of \(shape)")
        var start = 0
        return extents.map { extent in
            defer { start += extent }
            return sliced(axis: axis, start..<(start + extent))
        }
    }

    /// The plain pieces of a split (used by concatenation's backward pass).
    func splitValues(_ extents: [Int], axis: Int) -> [Tensor?] {
        var start = 0
        return extents.map { extent in
            defer { start += extent }
            return detached.sliced(axis: axis, start..<(start + extent))
        }
    }

    /// The elements with index in `range` along `axis`.
    public func sliced(axis: Int, _ range: Range<Int>) -> Tensor {
        let axis = normalizedAxis(axis)
        precondition(range.lowerBound >= 0 && range.upperBound <= shape[axis], "slice \(range) out of bounds for axis \(axis) of \(shape)")
        return gathered(axis: axis, indices: Array(range))
    }

    /// Index-select: the slices at `indices` along `axis`, in that order (repeats allowed; their
    /// gradients add up). Indices out of range are programmer errors.
    ///
    /// Consecutive indices are copied as one run: a slice of the last axis (an LSTM's gates, a split's parts)
    /// is a few block copies per row instead of one single-element copy per index.
    public func gathered(axis: Int, indices: [Int]) -> Tensor {
        let axis = normalizedAxis(axis)
        let (outer, length, inner) = layout(around: axis)
        precondition(indices.allSatisfy { $0 >= 0 && $0 < length }, "gather index out of range for axis \(axis) of \(shape)")
        let runs = Self.consecutiveRuns(indices)
        let count = outer * indices.count * inner
        let out = [Float](unsafeUninitializedCapacity: count) { buffer, initialized in
            scalars.withUnsafeBufferPointer { source in
                guard var target = buffer.baseAddress, let source = source.baseAddress else { return }
                for o in 0..<outer {
                    for run in runs {
                        target.initialize(from: source + (o * length + run.first) * inner, count: run.count * inner)
                        target += run.count * inner
                    }
                }
            }
            initialized = count
        }
        var outShape = shape
        outShape[axis] = indices.count
        let value = Tensor(shape: outShape, scalars: out)
        guard let tape = Tape.recording(self) else { return value }
        let inputShape = shape
        return tape.record(value, inputs: [self]) { grad in
            var result = [Float](repeating: 0, count: outer * length * inner)
            result.withUnsafeMutableBufferPointer { result in
                grad.scalars.withUnsafeBufferPointer { gradient in
                    guard let result = result.baseAddress, var source = gradient.baseAddress else { return }
                    for o in 0..<outer {
                        for run in runs {
                            let target = result + (o * length + run.first) * inner
                            for i in 0..<(run.count * inner) { target[i] += source[i] }
                            source += run.count * inner
                        }
                    }
                }
            }
            return [Tensor(shape: inputShape, scalars: result)]
        }
    }

    /// `indices` as maximal runs of consecutive values, in order.
    static func consecutiveRuns(_ indices: [Int]) -> [(first: Int, count: Int)] {
        var runs: [(first: Int, count: Int)] = []
        for index in indices {
            if let last = runs.last, last.first + last.count == index {
                runs[runs.count - 1].count += 1
            } else {
                runs.append((index, 1))
            }
        }
        return runs
    }
}
