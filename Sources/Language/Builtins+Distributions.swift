import Foundation
import Distributions
import Random
import Tensors

/// How one family's values and gradients convert to and from `Value`s. Made once per family and shared by every
/// distribution it builds, so that a ``TypedFamily`` is the distribution and one reference: for the two-parameter
/// families that fits inside the `any LanguageDistribution` existential (three words), and building `normal(m, s)`
/// in an observation loop allocates no box for it.
final class ValueConversion<D: Distribution>: Sendable {
    let encode: @Sendable (D.Value) -> Value
    let decode: @Sendable (Value) throws -> D.Value
    let partials: @Sendable (D.Gradient, D) -> (value: Partial?, parameters: [Partial])

    init(encode: @escaping @Sendable (D.Value) -> Value, decode: @escaping @Sendable (Value) throws -> D.Value,
         partials: @escaping @Sendable (D.Gradient, D) -> (value: Partial?, parameters: [Partial])) {
        self.encode = encode
        self.decode = decode
        self.partials = partials
    }
}

/// A family from module `Distributions` seen through `Value`s: how values convert both ways
/// and how its typed gradient maps onto the builtin's parameters.
struct TypedFamily<D: Distribution>: LanguageDistribution {
    let distribution: D
    let conversion: ValueConversion<D>

    init(distribution: D, conversion: ValueConversion<D>) {
        self.distribution = distribution
        self.conversion = conversion
    }

    /// A family whose conversion depends on the call (an image's shape, a temperature): made per call.
    init(distribution: D, encode: @escaping @Sendable (D.Value) -> Value, decode: @escaping @Sendable (Value) throws -> D.Value,
         partials: @escaping @Sendable (D.Gradient, D) -> (value: Partial?, parameters: [Partial])) {
        self.init(distribution: distribution, conversion: ValueConversion(encode: encode, decode: decode, partials: partials))
    }

    func sample(using generator: inout SeededGenerator) -> Value {
        conversion.encode(distribution.sample(using: &generator))
    }

    func logDensity(_ value: Value) throws -> Double {
        do {
            return try distribution.logDensity(try conversion.decode(value))
        } catch let error as DistributionError {
            throw BuiltinError(Builtins.message(error))
        }
    }

    func logDensityGradient(_ value: Value) throws -> (value: Partial?, parameters: [Partial]) {
        do {
            return conversion.partials(try distribution.logDensityGradient(try conversion.decode(value)), distribution)
        } catch let error as DistributionError {
            throw BuiltinError(Builtins.message(error))
        }
    }
}

extension Builtins {
    /// The distribution constructors: `normal(mu, sigma)`, `beta(a, b)`, ... Parameters are
    /// checked here, so `normal(0, -1)` fails at its call with the caret under `-1`.
    static let distributions: [Builtin] = [
        family("normal", ["mean", "standard deviation"], ValueConversion(encode: Value.number, decode: number) { g, _ in
            (.scalar(g.value), [.scalar(g.mean), .scalar(g.standardDeviation)])
        }) { call in
            try Normal(mean: try call.number(0), standardDeviation: try call.number(1))
        },
        family("uniform", ["low", "high"], ValueConversion(encode: Value.number, decode: number) { g, _ in
            (.scalar(g.value), [.scalar(g.low), .scalar(g.high)])
        }) { call in
            try Uniform(low: try call.number(0), high: try call.number(1))
        },
        family("beta", ["alpha", "beta"], ValueConversion(encode: Value.number, decode: number) { g, _ in
            (.scalar(g.value), [.scalar(g.alpha), .scalar(g.beta)])
        }) { call in
            try Beta(alpha: try call.number(0), beta: try call.number(1))
        },
        family("gamma", ["shape", "scale"], ValueConversion(encode: Value.number, decode: number) { g, _ in
            (.scalar(g.value), [.scalar(g.shape), .scalar(g.scale)])
        }) { call in
            try Gamma(shape: try call.number(0), scale: try call.number(1))
        },
        family("bernoulli", ["probability"], ValueConversion(encode: Value.bool, decode: boolean) { g, _ in
            (nil, [.scalar(g.probability)])
        }) { call in
            try Bernoulli(probability: try call.number(0))
        },
        family("categorical", ["probabilities"], ValueConversion(encode: { .number(Double($0)) }, decode: integer) { g, _ in
            (nil, [.vector(g.probabilities)])
        }) { call in
            try Categorical(probabilities: try call.numbers(0))
        },
        family("poisson", ["rate"], ValueConversion(encode: { .number(Double($0)) }, decode: integer) { g, _ in
            (nil, [.scalar(g.rate)])
        }) { call in
            try Poisson(rate: try call.number(0))
        },
        family("dirichlet", ["concentration"], ValueConversion(encode: encodeNumbers, decode: numbers) { g, _ in
            (.vector(g.value), [.vector(g.concentrations)])
        }) { call in
            try Dirichlet(concentrations: try call.numbers(0))
        },
        family("mvnormal", ["mean", "standard deviation"], ValueConversion(encode: encodeNumbers, decode: numbers) { g, _ in
            (.vector(g.value), [.vector(g.means), .vector(g.standardDeviations)])
        }) { call in
            try DiagonalNormal(means: try call.numbers(0), standardDeviations: try call.numbers(1))
        },
        family("bivariate_normal", ["mean", "standard deviation", "correlation"], ValueConversion(encode: Value.point, decode: point) { g, _ in
            (.vector([g.value.x, g.value.y]), [.vector([g.mean.x, g.mean.y]), .vector([g.standardDeviations.x, g.standardDeviations.y]), .scalar(g.correlation)])
        }) { call in
            try BivariateNormal(mean: try pair(call, 0), standardDeviations: try pair(call, 1), correlation: try call.number(2))
        },
        family("gmm2", ["weight", "mean", "standard deviation", "correlation", "temperature"], defaults: ["temperature": .number(1)]) { call in
            let means = try pairs(call, 1), deviations = try pairs(call, 2)
            var d = try BivariateGaussianMixture(weights: try call.numbers(0), means: means, standardDeviations: deviations,
                                                 correlations: try call.numbers(3))
            let temperature = try call.number(4)
            if temperature != 1 { d = try d.withTemperature(temperature) }
            return TypedFamily(distribution: d, encode: Value.point, decode: point) { g, d in
                // Gradients are with respect to the parameters as given, so only at temperature 1.
                guard temperature == 1 else { return (.vector([g.value.x, g.value.y]), []) }
                // p = sum_k w_k N_k, so d log p / d w_k = N_k / p = r_k / w_k, where the logit
                // gradient is r_k - w_k.
                let weights = d.logWeights.map { Foundation.exp($0) }
                let perWeight = zip(g.logits, weights).map { ($0 + $1) / $1 }
                return (.vector([g.value.x, g.value.y]),
                        [.vector(perWeight), .vector(g.means.flatMap { [$0.x, $0.y] }),
                         .vector(g.standardDeviations.flatMap { [$0.x, $0.y] }), .vector(g.correlations), .none])
            }
        },
        family("student_t", ["degrees of freedom", "location", "scale"], ValueConversion(encode: Value.number, decode: number) { g, _ in
            (.scalar(g.value), [.scalar(g.degreesOfFreedom), .scalar(g.location), .scalar(g.scale)])
        }) { call in
            try StudentT(degreesOfFreedom: try call.number(0), location: try call.number(1), scale: try call.number(2))
        },
        family("cauchy", ["location", "scale"], ValueConversion(encode: Value.number, decode: number) { g, _ in
            (.scalar(g.value), [.scalar(g.location), .scalar(g.scale)])
        }) { call in
            try Cauchy(location: try call.number(0), scale: try call.number(1))
        },
        family("half_cauchy", ["scale"], ValueConversion(encode: Value.number, decode: number) { g, _ in
            (.scalar(g.value), [.scalar(g.scale)])
        }) { call in
            try HalfCauchy(scale: try call.number(0))
        },
        family("lognormal", ["log mean", "log standard deviation"], ValueConversion(encode: Value.number, decode: number) { g, _ in
            (.scalar(g.value), [.scalar(g.logMean), .scalar(g.logStandardDeviation)])
        }) { call in
            try LogNormal(logMean: try call.number(0), logStandardDeviation: try call.number(1))
        },
        family("half_normal", ["scale"], ValueConversion(encode: Value.number, decode: number) { g, _ in
            (.scalar(g.value), [.scalar(g.scale)])
        }) { call in
            try HalfNormal(scale: try call.number(0))
        },
        family("exponential", ["rate"], ValueConversion(encode: Value.number, decode: number) { g, _ in
            (.scalar(g.value), [.scalar(g.rate)])
        }) { call in
            try Exponential(rate: try call.number(0))
        },
        family("binomial", ["trials", "probability"], ValueConversion(encode: { .number(Double($0)) }, decode: integer) { g, _ in
            (nil, [.none, .scalar(g.probability)])
        }) { call in
            try Binomial(trials: try call.integer(0), probability: try call.number(1))
        },
        family("binomial_logit", ["trials", "logit"], ValueConversion(encode: { .number(Double($0)) }, decode: integer) { g, _ in
            (nil, [.none, .scalar(g.logit)])
        }) { call in
            try Binomial(trials: try call.integer(0), logit: try call.number(1))
        },
        family("bernoulli_logit", ["logit"], ValueConversion(encode: Value.bool, decode: boolean) { g, _ in
            (nil, [.scalar(g.logit)])
        }) { call in
            try Bernoulli(logit: try call.number(0))
        },
        family("categorical_logit", ["logits"], ValueConversion(encode: { .number(Double($0)) }, decode: integer) { g, _ in
            (nil, [.vector(g.logits)])
        }) { call in
            try Categorical(logits: try call.numbers(0))
        },
        family("bernoulli_image", ["probabilities"]) { call in
            let probabilities: [Float]
            if case let .tensor(t) = call.arguments[0] { probabilities = t.scalars } else { probabilities = try call.numbers(0).map(Float.init) }
            let d = try BernoulliImage(probabilities: probabilities)
            let isTensor: Bool
            if case .tensor = call.arguments[0] { isTensor = true } else { isTensor = false }
            let shape: [Int]
            if case let .tensor(t) = call.arguments[0] { shape = t.shape } else { shape = [probabilities.count] }
            return TypedFamily(distribution: d, encode: { pixels in .tensor(Tensor(shape: shape, scalars: pixels.map { $0 ? 1 : 0 })) },
                               decode: image) { g, _ in
                (nil, [isTensor ? .tensor(g.probabilities) : .vector(g.probabilities.map(Double.init))])
            }
        },
    ]

    /// A distribution constructor whose values and gradients convert through `conversion`, shared by every call.
    private static func family<D: Distribution>(_ name: String, _ names: [String], defaults: [String: Value] = [:],
                                                _ conversion: ValueConversion<D>,
                                                _ build: @escaping @Sendable (BuiltinCall) throws -> D) -> Builtin {
        family(name, names, defaults: defaults) { call in TypedFamily(distribution: try build(call), conversion: conversion) }
    }

    /// A distribution constructor named `name` whose parameters are described by `names`
    /// (as the Distributions module names them in its errors).
    private static func family(_ name: String, _ names: [String], defaults: [String: Value] = [:],
                               _ build: @escaping @Sendable (BuiltinCall) throws -> any LanguageDistribution) -> Builtin {
        let parameters = names.map { Builtin.Parameter($0.replacingOccurrences(of: " ", with: "_"), default: defaults[$0]) }
        return Builtin(name, parameters: parameters, gradient: .differentiable) { call in
            do {
                return .distribution(DistributionValue(name: name, parameters: call.arguments, family: try build(call)))
            } catch let error as DistributionError {
                throw BuiltinError(message(error), argument: argumentIndex(of: error, among: names))
            }
        }
    }

    /// A distribution error's message without the distribution name (the call site adds it).
    static func message(_ error: DistributionError) -> String {
        switch error {
        case let .invalidParameter(_, parameter, value, requirement): return "\(parameter) = \(value) \(requirement)"
        case let .wrongLength(_, argument, expected, actual): return "\(argument) has \(actual) entries, expected \(expected)"
        }
    }

    /// Which argument an error is about: the longest parameter name its text mentions.
    private static func argumentIndex(of error: DistributionError, among names: [String]) -> Int? {
        let text: String
        switch error {
        case let .invalidParameter(_, parameter, _, _): text = parameter
        case let .wrongLength(_, argument, _, _): text = argument
        }
        let mentioned = names.enumerated().filter { text.contains($0.element) }
        return mentioned.max { $0.element.count < $1.element.count }?.offset
    }

    // Conversions between values and the typed distributions' values.

    private static let number: @Sendable (Value) throws -> Double = { value in
        guard let x = value.numberValue, !x.isNaN else {
            throw BuiltinError("the value must be a number, got \(value.numberValue.map(Value.format) ?? value.typeName)")
        }
        return x
    }

    private static let boolean: @Sendable (Value) throws -> Bool = { value in
        guard case let .bool(b) = value else { throw BuiltinError("the value must be a boolean, got \(value.typeName)") }
        return b
    }

    private static let integer: @Sendable (Value) throws -> Int = { value in
        guard let x = value.numberValue, let k = Int(exactly: x) else {
            throw BuiltinError("the value must be an integer, got \(value.numberValue.map(Value.format) ?? value.typeName)")
        }
        return k
    }

    private static let numbers: @Sendable (Value) throws -> [Double] = { value in
        guard case let .list(items) = value else { throw BuiltinError("the value must be a list of numbers, got \(value.typeName)") }
        return try items.map(number)
    }

    private static let encodeNumbers: @Sendable ([Double]) -> Value = { .list($0.map(Value.number)) }

    private static let point: @Sendable (Value) throws -> SIMD2<Double> = { value in
        let xs = try numbers(value)
        guard xs.count == 2 else { throw BuiltinError("the value must be a point [x, y], got a list of \(xs.count) numbers") }
        return SIMD2(xs[0], xs[1])
    }

    private static let image: @Sendable (Value) throws -> [Bool] = { value in
        switch value {
        case let .tensor(t): return t.scalars.map { $0 > 0.5 }
        case let .list(items): return try items.map { item in
            if case let .bool(b) = item { return b }
            return try number(item) > 0.5
        }
        default: throw BuiltinError("the value must be an image (a tensor or a list of pixels), got \(value.typeName)")
        }
    }

    private static func pair(_ call: BuiltinCall, _ index: Int) throws -> SIMD2<Double> {
        let xs = try call.numbers(index)
        guard xs.count == 2 else { throw BuiltinError("\(call.parameterName(index)) must be a list of 2 numbers, got \(xs.count)", argument: index) }
        return SIMD2(xs[0], xs[1])
    }

    private static func pairs(_ call: BuiltinCall, _ index: Int) throws -> [SIMD2<Double>] {
        try call.list(index).map { item in
            guard case let .list(xs) = item, xs.count == 2, let x = xs[0].numberValue, let y = xs[1].numberValue else {
                throw BuiltinError("\(call.parameterName(index)) must be a list of points [x, y], found \(item.render(quoted: true))", argument: index)
            }
            return SIMD2(x, y)
        }
    }
}

extension Value {
    /// A point `[x, y]` as a list value.
    static func point(_ p: SIMD2<Double>) -> Value { .list([.number(p.x), .number(p.y)]) }
}
