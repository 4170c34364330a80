import Distributions
import Random
import Tensors

/// A distribution family as the language sees it: values in and out are `Value`s.
/// The standard families wrap the typed distributions of module `Distributions`
/// (`Builtins+Distributions.swift`); a higher module can add its own by conforming.
public protocol LanguageDistribution: Sendable {
    /// Draws a value.
    func sample(using generator: inout SeededGenerator) -> Value
    /// The log-density (or log-mass) at `value`; throws a `BuiltinError` when `value` has the wrong kind or shape.
    func logDensity(_ value: Value) throws -> Double
    /// The log-density's partial derivatives at `value`: with respect to the value (nil for
    /// discrete values) and to each parameter, in the order of `DistributionValue.parameters`.
    func logDensityGradient(_ value: Value) throws -> (value: Partial?, parameters: [Partial])
    /// The log-density and its partial derivatives together. A family whose two share expensive work (a
    /// rendered image) implements it to do that work once; the default calls the two separately.
    func logDensityAndGradient(_ value: Value) throws -> (logDensity: Double, value: Partial?, parameters: [Partial])
}

extension LanguageDistribution {
    public func logDensityAndGradient(_ value: Value) throws -> (logDensity: Double, value: Partial?, parameters: [Partial]) {
        let gradient = try logDensityGradient(value)
        return (try logDensity(value), gradient.value, gradient.parameters)
    }
}

/// A partial derivative of a log-density, shaped like the input it is with respect to.
public enum Partial: Sendable {
    /// For a number.
    case scalar(Double)
    /// For a list of numbers, entry by entry (nested lists flattened in order).
    case vector([Double])
    /// For a tensor, element by element in row-major order.
    case tensor([Float])
    /// No gradient (a discrete or constant input).
    case none
}

/// A distribution value: `normal(0, 1)`, `gmm2(...)`, as `.gns` code builds and passes it.
///
/// `parameters` keeps the arguments as given, so when some are tape-tracked (gradient mode),
/// ``differentiableLogDensity(_:at:address:)`` records the log-density on the tape with the family's
/// analytic partial derivatives.
///
/// Immutable, and a class: a run passes each distribution through the interpreter, the handler and the trace
/// entry that keeps it, so sharing one object (one allocation, one retain per copy) is cheaper than copying its
/// name, parameters and family at each step (an observation's cost is mostly such bookkeeping).
public final class DistributionValue: Sendable, CustomStringConvertible {
    /// The family name as the language spells it.
    public let name: String
    /// The arguments the distribution was built from, possibly tracked.
    public let parameters: [Value]
    /// The family's implementation.
    public let family: any LanguageDistribution

    /// Wraps `family`, built by `name(parameters...)`.
    public init(name: String, parameters: [Value], family: any LanguageDistribution) {
        self.name = name
        self.parameters = parameters
        self.family = family
    }

    /// `normal(0, 1)`.
    public var description: String {
        "\(name)(" + parameters.map { $0.render(quoted: true) }.joined(separator: ", ") + ")"
    }

    /// Draws a value.
    public func sample(using generator: inout SeededGenerator) -> Value {
        family.sample(using: &generator)
    }

    /// The log-density at `value` (current values of tracked inputs), the value of the choice `address` made at
    /// `site`.
    ///
    /// The policy for every family: a value of the wrong kind or shape (a number for `bernoulli`, 2.5 for a
    /// count, a list of the wrong length, NaN) is an error at `site` naming the address; a value of the right kind
    /// outside the support (7 for a categorical over 3 categories, -1 for `exponential`) has log-density
    /// `-infinity`, which inference reports with the address when it leaves no run of positive probability.
    public func logDensity(_ value: Value, at site: SourceSpan, address: Address? = nil) throws -> Double {
        do {
            return try family.logDensity(value.detached)
        } catch let error as BuiltinError {
            throw misfit(value, address, error, at: site)
        }
    }

    /// The log-density as a number, tape-tracked when `value` or any parameter is, so that
    /// gradients flow to them through the family's analytic partials (errors as ``logDensity(_:at:address:)``).
    public func differentiableLogDensity(_ value: Value, at site: SourceSpan, address: Address? = nil) throws -> Value {
        try logDensityWithTracking(value, at: site, address: address).differentiable
    }

    /// ``differentiableLogDensity(_:at:address:)`` together with the same log-density in double precision (the
    /// tape holds single precision), from one evaluation of the family.
    public func logDensityWithTracking(_ value: Value, at site: SourceSpan,
                                       address: Address? = nil) throws -> (value: Double, differentiable: Value) {
        let hasTracked = ([value] + parameters).contains(where: \.isTracked)
        guard hasTracked else {
            let logDensity = try self.logDensity(value, at: site, address: address)
            return (logDensity, .number(logDensity))
        }
        var inputs: [Tensor] = []
        var partials: [Partial] = []
        func collect(_ input: Value, _ partial: Partial) {
            switch (input, partial) {
            case let (.tracked(t), .scalar(d)):
                inputs.append(t)
                partials.append(.scalar(d))
            case let (.tensor(t), .tensor(d)) where t.isTracked:
                inputs.append(t)
                partials.append(.tensor(d))
            case let (.list(items), .vector(d)):
                var position = 0
                for item in items {
                    switch item {
                    case let .tracked(t) where position < d.count:
                        inputs.append(t)
                        partials.append(.scalar(d[position]))
                        position += 1
                    case let .list(inner):
                        let width = inner.count
                        collect(item, .vector(Array(d[min(position, d.count)..<min(position + width, d.count)])))
                        position += width
                    default:
                        position += 1
                    }
                }
            default: break
            }
        }
        let gradient: (logDensity: Double, value: Partial?, parameters: [Partial])
        do {
            gradient = try family.logDensityAndGradient(value.detached)
        } catch let error as BuiltinError {
            throw misfit(value, address, error, at: site)
        }
        if let partial = gradient.value { collect(value, partial) }
        for (parameter, partial) in zip(parameters, gradient.parameters) { collect(parameter, partial) }
        let logDensity = gradient.logDensity
        guard !inputs.isEmpty else { return (logDensity, .number(logDensity)) }
        let output = Tensor.custom(inputs: inputs, output: Tensor(logDensity)) { seed in
            zip(inputs, partials).map { input, partial in
                switch partial {
                case let .scalar(d): return seed * d
                case let .tensor(d): return seed * Tensor(shape: input.shape, scalars: d)
                case .vector, .none: return nil
                }
            }
        }
        return (logDensity, .tracked(output))
    }
}

extension DistributionValue {
    /// The error for a value this distribution cannot score: `the value 2 at address "flip" does not fit
    /// bernoulli(0.5): the value must be a boolean, got a number`.
    private func misfit(_ value: Value, _ address: Address?, _ error: BuiltinError, at site: SourceSpan) -> RuntimeError {
        let place = address.map { " at address \($0)" } ?? ""
        return RuntimeError("the value \(value.render(quoted: true))\(place) does not fit \(self): \(error.message)", at: site)
    }
}

extension Value {
    /// Whether this value, or anything in it, is on the autodiff tape.
    public var isTracked: Bool {
        switch self {
        case .tracked: return true
        case let .tensor(t): return t.isTracked
        case let .list(items): return items.contains(where: \.isTracked)
        case let .record(record): return record.values.contains(where: \.isTracked)
        default: return false
        }
    }
}
