import Foundation
import Language
import Tensors

/// The selected continuous choices of a trace laid out as one flat vector of reals (Gen's `to_array` /
/// `from_array`): a number is one coordinate, a list of numbers (a `bivariate_normal` or `gmm2` point, an
/// `mvnormal` vector, nested lists too) is a block of coordinates in list order, a tensor is a block in
/// row-major order. Optimisers and gradient samplers move the vector; the model sees values of the original
/// shapes.
///
/// A choice is continuous when its distribution has a log-density gradient with respect to the value
/// (discrete families such as `categorical` or `poisson` hold numbers but have none), and it is movable
/// unless the program observes it. Bounded choices are also mapped to the whole real line (see
/// ``ContinuousChoices/Support``) so that an optimiser or sampler working on the unconstrained vector never
/// leaves the support.
struct ContinuousChoices: Sendable {
    /// The shape of one choice's value.
    indirect enum Shape: Sendable {
        case number
        case list([Shape])
        case tensor([Int])

        /// The number of reals in a value of this shape.
        var count: Int {
            switch self {
            case .number: 1
            case let .list(items): items.reduce(0) { $0 + $1.count }
            case let .tensor(shape): shape.reduce(1, *)
            }
        }
    }

    /// Where a scalar choice may lie, read off its distribution, and so how it maps to the real line.
    ///
    /// An interval [a, b] maps by x = a + (b - a) σ(u) (the logit transform) and a half-line (a, ∞) by
    /// x = a + exp(u) (the log transform), as Stan and Pyro's `biject_to` do: smooth, invertible, without a
    /// tuning constant, and exact when a density is involved because the log-Jacobian is added (samplers);
    /// optimisers use the transform only as a reparameterisation (the maximised score is the model's, so
    /// the mode is the model's mode). The paper's soft bounds would instead change the objective near the
    /// bounds.
    enum Support: Sendable, Equatable {
        case real
        case interval(low: Double, high: Double)
        case above(Double)
    }

    /// One selected choice: its address, shape, support and coordinates in the flat vector.
    struct Block: Sendable {
        let address: Address
        let shape: Shape
        let support: Support
        let range: Range<Int>
    }

    /// The selected choices, in the trace's visiting order.
    let blocks: [Block]
    /// The length of the flat vector.
    let dimension: Int

    /// The selected continuous choices of `trace`. Errors name a selected address that the trace lacks, that
    /// holds something other than numbers, or (when `unconstrained` is set, for optimisers and samplers) whose
    /// support has no transform to the real line (a `dirichlet`'s simplex).
    init(_ trace: Trace, selection: Selection, unconstrained: Bool = true) throws {
        for address in selection.listed ?? [] {
            guard let entry = trace.entries[address] else {
                throw InferenceError.unvisitedAddress(address, role: "selection", suggestion: trace.nearestAddress(to: address))
            }
            guard entry.origin != .observed, Self.isContinuous(entry) else {
                throw InferenceError.notContinuous(address, value: "\(entry.value)")
            }
        }
        var blocks: [Block] = []
        var offset = 0
        for address in trace.addresses where selection.contains(address) {
            guard let entry = trace.entries[address], entry.origin != .observed, Self.isContinuous(entry),
                  let shape = Self.shape(of: entry.value) else { continue }
            let support = try Self.support(of: entry, at: address, unconstrained: unconstrained)
            blocks.append(Block(address: address, shape: shape, support: support, range: offset..<(offset + shape.count)))
            offset += shape.count
        }
        guard !blocks.isEmpty else {
            throw InferenceError.invalidSetting(name: "selection", value: "\(selection.listed.map { "\($0.sorted { "\($0)" < "\($1)" })" } ?? "all")",
                                                requirement: "must contain at least one continuous choice that the program does not observe")
        }
        self.blocks = blocks
        dimension = offset
    }

    /// Whether `entry`'s distribution has a log-density gradient with respect to the value.
    private static func isContinuous(_ entry: TraceEntry) -> Bool {
        guard shape(of: entry.value) != nil else { return false }
        return (try? entry.distribution.family.logDensityGradient(entry.value))?.value != nil
    }

    /// The shape of a number, a (nested) list of numbers or a tensor; nil for anything else.
    private static func shape(of value: Value) -> Shape? {
        switch value {
        case .number, .tracked: return .number
        case let .tensor(t): return .tensor(t.shape)
        case let .list(items):
            var shapes: [Shape] = []
            for item in items {
                guard let shape = shape(of: item) else { return nil }
                shapes.append(shape)
            }
            return .list(shapes)
        default: return nil
        }
    }

    /// The support of a scalar choice by its family's name: bounded families are few and named here, in one
    /// place (families added to the language with bounded support belong in this table).
    private static func support(of entry: TraceEntry, at address: Address, unconstrained: Bool) throws -> Support {
        let distribution = entry.distribution
        switch distribution.name {
        case "uniform":
            guard let low = distribution.parameters[0].numberValue, let high = distribution.parameters[1].numberValue else { return .real }
            return .interval(low: low, high: high)
        case "beta":
            return .interval(low: 0, high: 1)
        case "gamma", "exponential", "half_normal", "half_cauchy", "lognormal", "inverse_gamma":
            return .above(0)
        case "dirichlet" where unconstrained:
            throw InferenceError.invalidSetting(
                name: "selection", value: "\(address) (a dirichlet choice)",
                requirement: "cannot be optimised or sampled by gradients: its values lie on a simplex, which has no transform here")
        default:
            return .real
        }
    }

    // MARK: to_array / from_array

    /// The selected values of `trace` as one flat vector (Gen's `to_array`).
    func values(in trace: Trace) -> [Double] {
        var x: [Double] = []
        x.reserveCapacity(dimension)
        for block in blocks { Self.flatten(trace.entries[block.address]!.value, into: &x) }
        return x
    }

    private static func flatten(_ value: Value, into x: inout [Double]) {
        switch value {
        case let .list(items): for item in items { flatten(item, into: &x) }
        case let .tensor(t): x.append(contentsOf: t.scalars.lazy.map(Double.init))
        default: x.append(value.numberValue!)
        }
    }

    /// The value of `block` held by the flat vector `x` (Gen's `from_array`, one choice).
    func value(of block: Block, in x: [Double]) -> Value {
        var position = block.range.lowerBound
        return Self.build(block.shape, from: x, at: &position)
    }

    private static func build(_ shape: Shape, from x: [Double], at position: inout Int) -> Value {
        switch shape {
        case .number:
            position += 1
            return .number(x[position - 1])
        case let .list(items):
            return .list(items.map { build($0, from: x, at: &position) })
        case let .tensor(dimensions):
            let count = shape.count
            defer { position += count }
            return .tensor(Tensor(shape: dimensions, scalars: x[position..<(position + count)].map(Float.init)))
        }
    }

    /// The flat vector `x` as constraints on the selected addresses (Gen's `from_array`).
    func choiceMap(_ x: [Double]) -> ChoiceMap {
        ChoiceMap(Dictionary(uniqueKeysWithValues: blocks.map { ($0.address, value(of: $0, in: x)) }))
    }

    // MARK: the unconstrained space

    /// The unconstrained coordinates of the values `x` (the inverse of ``constrained(_:)``); values on a
    /// bound are moved just inside it.
    func unconstrained(_ x: [Double]) -> [Double] {
        var u = x
        for block in blocks {
            switch block.support {
            case .real: continue
            case let .interval(low, high):
                let i = block.range.lowerBound
                let p = min(max((x[i] - low) / (high - low), 1e-15), 1 - 1e-15)
                u[i] = log(p) - log1p(-p)
            case let .above(low):
                let i = block.range.lowerBound
                u[i] = log(max(x[i] - low, .leastNormalMagnitude))
            }
        }
        return u
    }

    /// The values at unconstrained coordinates `u`, with dx/du per coordinate, log |dx/du| summed, and
    /// its gradient with respect to `u`.
    func constrained(_ u: [Double]) -> (x: [Double], slope: [Double], logJacobian: Double, logJacobianGradient: [Double]) {
        var x = u
        var slope = [Double](repeating: 1, count: u.count)
        var logJacobian = 0.0
        var logJacobianGradient = [Double](repeating: 0, count: u.count)
        for block in blocks {
            let i = block.range.lowerBound
            switch block.support {
            case .real: continue
            case let .interval(low, high):
                // σ(u) and 1 - σ(u) each computed without cancellation.
                let p = 1 / (1 + exp(-u[i])), q = 1 / (1 + exp(u[i]))
                x[i] = Self.inside(low + (high - low) * p, low: low, high: high)
                slope[i] = (high - low) * p * q
                logJacobian += log(high - low) - Self.softplus(-u[i]) - Self.softplus(u[i])
                logJacobianGradient[i] = q - p
            case let .above(low):
                x[i] = Self.inside(low + exp(u[i]), low: low, high: .infinity)
                slope[i] = exp(u[i])
                logJacobian += u[i]
                logJacobianGradient[i] = 1
            }
        }
        return (x, slope, logJacobian, logJacobianGradient)
    }

    /// log(1 + exp(t)) without overflow.
    private static func softplus(_ t: Double) -> Double { t > 30 ? t : log1p(exp(t)) }

    /// `x` moved strictly inside (low, high) when its single-precision rounding (what the tape computes with)
    /// falls on or beyond a bound, as σ(u) and exp(u) do far in the tails.
    private static func inside(_ x: Double, low: Double, high: Double) -> Double {
        let rounded = Double(Float(x))
        if rounded <= low { return Double(Float(low).nextUp) }
        if rounded >= high { return Double(Float(high).nextDown) }
        return x
    }
}
