import Foundation

/// Sums, means and the numerically stable log-sum-exp family along axes.
/// Axes may be negative (counted from the end, `-1` is the last axis).
extension Tensor {
    /// `axis` resolved to `0..<rank` (a programmer error when out of range).
    func normalizedAxis(_ axis: Int) -> Int {
        let resolved = axis < 0 ? axis + rank : axis
        precondition(resolved >= 0 && resolved < rank, "axis \(axis) out of range for shape \(shape)")
        return resolved
    }

    /// The shape with `axes` set to extent 1.
    func keptShape(reducing axes: [Int]) -> [Int] {
        var kept = shape
        for axis in axes { kept[normalizedAxis(axis)] = 1 }
        return kept
    }

    /// Sizes of the axes before, at, and after `axis`: the tensor seen as `[outer, length, inner]`.
    func layout(around axis: Int) -> (outer: Int, length: Int, inner: Int) {
        let axis = normalizedAxis(axis)
        return (shape[..<axis].reduce(1, *), shape[axis], shape[(axis + 1)...].reduce(1, *))
    }

    /// The sum of all elements, as a scalar.
    public func sum() -> Tensor { sum(axes: Array(0..<rank)) }

    /// Sums along `axes`; the reduced axes are dropped unless `keepingDimensions`.
    public func sum(axes: [Int], keepingDimensions: Bool = false) -> Tensor {
        let kept = keptShape(reducing: axes)
        let resolved = Set(axes.map(normalizedAxis))
        let finalShape = keepingDimensions ? kept : shape.indices.filter { !resolved.contains($0) }.map { shape[$0] }
        let value = Tensor(shape: finalShape, scalars: summed(to: kept).scalars)
        guard let tape = Tape.recording(self) else { return value }
        let inputShape = shape
        return tape.record(value, inputs: [self]) { grad in
            [Tensor(shape: kept, scalars: grad.scalars).broadcastValues(to: inputShape)]
        }
    }

    /// Sums along one axis.
    public func sum(axis: Int, keepingDimensions: Bool = false) -> Tensor {
        sum(axes: [axis], keepingDimensions: keepingDimensions)
    }

    /// The mean of all elements, as a scalar.
    public func mean() -> Tensor { sum() / Double(Swift.max(count, 1)) }

    /// Means along `axes`; the reduced axes are dropped unless `keepingDimensions`.
    public func mean(axes: [Int], keepingDimensions: Bool = false) -> Tensor {
        let n = Set(axes.map(normalizedAxis)).reduce(1) { $0 * shape[$1] }
        return sum(axes: axes, keepingDimensions: keepingDimensions) / Double(n)
    }

    /// Means along one axis.
    public func mean(axis: Int, keepingDimensions: Bool = false) -> Tensor {
        mean(axes: [axis], keepingDimensions: keepingDimensions)
    }

    /// Softmax along `axis` as a plain tensor, computed as exp(x - max) / sum so large inputs do not overflow.
    func softmaxValues(axis: Int) -> Tensor {
        let (outer, length, inner) = layout(around: axis)
        var out = [Float](repeating: 0, count: count)
        for o in 0..<outer {
            for i in 0..<inner {
                let base = o * length * inner + i
                var largest = -Float.infinity
                for k in 0..<length { largest = Swift.max(largest, scalars[base + k * inner]) }
                if largest == -.infinity { largest = 0 }
                var total: Float = 0
                for k in 0..<length {
                    let e = Foundation.exp(scalars[base + k * inner] - largest)
                    out[base + k * inner] = e
                    total += e
                }
                for k in 0..<length { out[base + k * inner] /= total }
            }
        }
        return Tensor(shape: shape, scalars: out)
    }

    /// Softmax along `axis` (d/dx: y * (g - sum(g * y))).
    public func softmax(axis: Int = -1) -> Tensor {
        let value = softmaxValues(axis: axis)
        guard let tape = Tape.recording(self) else { return value }
        return tape.record(value, inputs: [self]) { grad in
            [value * (grad - (grad * value).sum(axis: axis, keepingDimensions: true))]
        }
    }

    /// log(sum(exp(x))) along `axis`, computed as max + log(sum(exp(x - max))) so it stays finite for
    /// large inputs (d/dx = softmax(x)).
    public func logSumExp(axis: Int = -1, keepingDimensions: Bool = false) -> Tensor {
        let (outer, length, inner) = layout(around: axis)
        let kept = keptShape(reducing: [axis])
        var out = [Float](repeating: 0, count: outer * inner)
        for o in 0..<outer {
            for i in 0..<inner {
                let base = o * length * inner + i
                var largest = -Float.infinity
                for k in 0..<length { largest = Swift.max(largest, scalars[base + k * inner]) }
                if largest.isInfinite {
                    out[o * inner + i] = largest  // all -inf (log 0) or some +inf
                    continue
                }
                var total: Float = 0
                for k in 0..<length { total += Foundation.exp(scalars[base + k * inner] - largest) }
                out[o * inner + i] = largest + Foundation.log(total)
            }
        }
        var finalShape = kept
        if !keepingDimensions { finalShape.remove(at: normalizedAxis(axis)) }
        let value = Tensor(shape: finalShape, scalars: out)
        guard let tape = Tape.recording(self) else { return value }
        return tape.record(value, inputs: [self]) { grad in
            [Tensor(shape: kept, scalars: grad.scalars) * self.softmaxValues(axis: axis)]
        }
    }

    /// log(softmax(x)) along `axis`, computed as x - logsumexp(x) (d/dx: g - softmax * sum(g)).
    public func logSoftmax(axis: Int = -1) -> Tensor {
        let lse = detached.logSumExp(axis: axis, keepingDimensions: true)
        let value = detached - lse
        guard let tape = Tape.recording(self) else { return value }
        return tape.record(value, inputs: [self]) { grad in
            [grad - value.exp() * grad.sum(axis: axis, keepingDimensions: true)]
        }
    }

    /// The largest element along `axis` (gradient flows to the first maximal element).
    public func max(axis: Int, keepingDimensions: Bool = false) -> Tensor {
        let (outer, length, inner) = layout(around: axis)
        var out = [Float](repeating: 0, count: outer * inner)
        var winners = [Int](repeating: 0, count: outer * inner)
        for o in 0..<outer {
            for i in 0..<inner {
                let base = o * length * inner + i
                var best = base
                for k in 1..<Swift.max(length, 1) where scalars[base + k * inner] > scalars[best] { best = base + k * inner }
                out[o * inner + i] = scalars[best]
                winners[o * inner + i] = best
            }
        }
        var finalShape = keptShape(reducing: [axis])
        if !keepingDimensions { finalShape.remove(at: normalizedAxis(axis)) }
        let value = Tensor(shape: finalShape, scalars: out)
        guard let tape = Tape.recording(self) else { return value }
        let inputShape = shape
        return tape.record(value, inputs: [self]) { grad in
            var result = [Float](repeating: 0, count: inputShape.reduce(1, *))
            for (g, winner) in zip(grad.scalars, winners) { result[winner] += g }
            return [Tensor(shape: inputShape, scalars: result)]
        }
    }
}
