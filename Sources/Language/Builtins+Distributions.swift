import Foundation
import Distributions
import Random
import Tensors

/// A family from module `Distributions` seen through `Value`s: how values convert both ways
/// and how its typed gradient maps onto the builtin's parameters.
struct TypedFamily<D: Distribution>: LanguageDistribution {
    let distribution: D
    let encode: @Sendable (D.Value) -> Value
    let decode: @Sendable (Value) throws -> D.Value
    let partials: @Sendable (D.Gradient, D) -> (value: Partial?, parameters: [Partial])

    func sample(using generator: inout SeededGenerator) -> Value {
        encode(distribution.sample(using: &generator))
    }

    func logDensity(_ value: Value) throws -> Double {
        do {
            return try distribution.logDensity(try decode(value))
        } catch let error as DistributionError {
            throw BuiltinError(Builtins.message(error))
        }
    }

    func logDensityGradient(_ value: Value) throws -> (value: Partial?, parameters: [Partial]) {
        do {
            return partials(try distribution.logDensityGradient(try decode(value)), distribution)
        } catch let error as DistributionError {
            throw BuiltinError(Builtins.message(error))
        }
    }
}

extension Builtins {
    /// The distribution constructors: `normal(mu, sigma)`, `beta(a, b)`, ... Parameters are
    /// checked here, so `normal(0, -1)` fails at its call with the caret under `-1`.
    static let distributions: [Builtin] = [
        family("normal", ["mean", "standard deviation"]) { call in
            let d = try Normal(mean: try call.number(0), standardDeviation: try call.number(1))
            return TypedFamily(distribution: d, encode: Value.number, decode: number) { g, _ in
                (.scalar(g.value), [.scalar(g.mean), .scalar(g.standardDeviation)])
            }
        },
        family("uniform", ["low", "high"]) { call in
            let d = try Uniform(low: try call.number(0), high: try call.number(1))
            return TypedFamily(distribution: d, encode: Value.number, decode: number) { g, _ in
                (.scalar(g.value), [.scalar(g.low), .scalar(g.high)])
            }
        },
        family("beta", ["alpha", "beta"]) { call in
            let d = try Beta(alpha: try call.number(0), beta: try call.number(1))
            return TypedFamily(distribution: d, encode: Value.number, decode: number) { g, _ in
                (.scalar(g.value), [.scalar(g.alpha), .scalar(g.beta)])
            }
        },
        family("gamma", ["shape", "scale"]) { call in
            let d = try Gamma(shape: try call.number(0), scale: try call.number(1))
            return TypedFamily(distribution: d, encode: Value.number, decode: number) { g, _ in
                (.scalar(g.value), [.scalar(g.shape), .scalar(g.scale)])
            }
        },
        family("bernoulli", ["probability"]) { call in
            let d = try Bernoulli(probability: try call.number(0))
            return TypedFamily(distribution: d, encode: Value.bool, decode: boolean) { g, _ in
                (nil, [.scalar(g.probability)])
            }
        },
        family("categorical", ["probabilities"]) { call in
            let d = try Categorical(probabilities: try call.numbers(0))
            return TypedFamily(distribution: d, encode: { .number(Double($0)) }, decode: integer) { g, _ in
                (nil, [.vector(g.probabilities)])
            }
        },
        family("poisson", ["rate"]) { call in
            let d = try Poisson(rate: try call.number(0))
            return TypedFamily(distribution: d, encode: { .number(Double($0)) }, decode: integer) { g, _ in
                (nil, [.scalar(g.rate)])
            }
        },
        family("dirichlet", ["concentration"]) { call in
            let d = try Dirichlet(concentrations: try call.numbers(0))
            return TypedFamily(distribution: d, encode: encodeNumbers, decode: numbers) { g, _ in
                (.vector(g.value), [.vector(g.concentrations)])
            }
        },
        family("mvnormal", ["mean", "standard deviation"]) { call in
            let d = try DiagonalNormal(means: try call.numbers(0), standardDeviations: try call.numbers(1))
            return TypedFamily(distribution: d, encode: encodeNumbers, decode: numbers) { g, _ in
                (.vector(g.value), [.vector(g.means), .vector(g.standardDeviations)])
            }
        },
        family("bivariate_normal", ["mean", "standard deviation", "correlation"]) { call in
            let d = try BivariateNormal(mean: try pair(call, 0), standardDeviations: try pair(call, 1), correlation: try call.number(2))
            return TypedFamily(distribution: d, encode: Value.point, decode: point) { g, _ in
                (.vector([g.value.x, g.value.y]), [.vector([g.mean.x, g.mean.y]), .vector([g.standardDeviations.x, g.standardDeviations.y]), .scalar(g.correlation)])
            }
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
        family("student_t", ["degrees of freedom", "location", "scale"]) { call in
            let d = try StudentT(degreesOfFreedom: try call.number(0), location: try call.number(1), scale: try call.number(2))
            return TypedFamily(distribution: d, encode: Value.number, decode: number) { g, _ in
                (.scalar(g.value), [.scalar(g.degreesOfFreedom), .scalar(g.location), .scalar(g.scale)])
            }
        },
        family("cauchy", ["location", "scale"]) { call in
            let d = try Cauchy(location: try call.number(0), scale: try call.number(1))
            return TypedFamily(distribution: d, encode: Value.number, decode: number) { g, _ in
                (.scalar(g.value), [.scalar(g.location), .scalar(g.scale)])
            }
        },
        family("half_cauchy", ["scale"]) { call in
            let d = try HalfCauchy(scale: try call.number(0))
            return TypedFamily(distribution: d, encode: Value.number, decode: number) { g, _ in
                (.scalar(g.value), [.scalar(g.scale)])
            }
        },
        family("lognormal", ["log mean", "log standard deviation"]) { call in
            let d = try LogNormal(logMean: try call.number(0), logStandardDeviation: try call.number(1))
            return TypedFamily(distribution: d, encode: Value.number, decode: number) { g, _ in
                (.scalar(g.value), [.scalar(g.logMean), .scalar(g.logStandardDeviation)])
            }
        },
        family("half_normal", ["scale"]) { call in
            let d = try HalfNormal(scale: try call.number(0))
            return TypedFamily(distribution: d, encode: Value.number, decode: number) { g, _ in
                (.scalar(g.value), [.scalar(g.scale)])
            }
        },
        family("exponential", ["rate"]) { call in
            let d = try Exponential(rate: try call.number(0))
            return TypedFamily(distribution: d, encode: Value.number, decode: number) { g, _ in
                (.scalar(g.value), [.scalar(g.rate)])
            }
        },
        family("binomial", ["trials", "probability"]) { call in
            let d = try Binomial(trials: try call.integer(0), probability: try call.number(1))
            return TypedFamily(distribution: d, encode: { .number(Double($0)) }, decode: integer) { g, _ in
                (nil, [.none, .scalar(g.probability)])
            }
        },
        family("binomial_logit", ["trials", "logit"]) { call in
            let d = try Binomial(trials: try call.integer(0), logit: try call.number(1))
            return TypedFamily(distribution: d, encode: { .number(Double($0)) }, decode: integer) { g, _ in
                (nil, [.none, .scalar(g.logit)])
            }
        },
        family("bernoulli_logit", ["logit"]) { call in
            let d = try Bernoulli(logit: try call.number(0))
            return TypedFamily(distribution: d, encode: Value.bool, decode: boolean) { g, _ in
                (nil, [.scalar(g.logit)])
            }
        },
        family("categorical_logit", ["logits"]) { call in
            let d = try Categorical(logits: try call.numbers(0))
            return TypedFamily(distribution: d, encode: { .number(Double($0)) }, decode: integer) { g, _ in
                (nil, [.vector(g.logits)])
            }
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
