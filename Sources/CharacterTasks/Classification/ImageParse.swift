import CharacterModel
import Inference
import Language
import Random
import Render

/// One parse of an image as classification keeps it: the type's strokes and the token's choices (the start of
/// every refit of this parse), with the parse's score and weight. Stored in the parse cache, so it is `Codable`.
public struct ImageParse: Sendable, Equatable, Codable {
    /// The type: strokes of absolute motor-space control points, each `[x, y]`.
    public let strokes: [[[Double]]]
    /// The token's choices of `generate_token` (Programs/characters/token.gns), addresses without the `"token"`
    /// namespace.
    public let token: [StoredChoice]
    /// log P(type, token, image) of the parse: unnormalised, the terms of log P(I) = logsumexp_k.
    public let logScore: Double
    /// pi_k: the parse's weight among the image's parses (they sum to 1).
    public let weight: Double

    /// A parse from its parts: `token` holds the token's choices (any namespace already removed).
    public init(strokes: [[SIMD2<Double>]], token: ChoiceMap, logScore: Double, weight: Double) throws {
        self.strokes = strokes.map { $0.map { [$0.x, $0.y] } }
        self.token = try token.values.map { try StoredChoice(address: $0.key, value: $0.value) }.sorted { $0.address.lexicographicallyPrecedes($1.address) }
        self.logScore = logScore
        self.weight = weight
    }

    /// A parser's parse: its refined type, the token choices of its run (under `"token"` in character.gns),
    /// its score and weight.
    public init(_ parse: CharacterParse) throws {
        var token = ChoiceMap()
        let namespace = Address.name("token")
        for (address, entry) in parse.trace.entries where address.hasPrefix(namespace) && address != namespace {
            token[Address(Array(address.components.dropFirst()))] = entry.value
        }
        try self.init(strokes: parse.character.strokes, token: token, logScore: parse.logScore, weight: parse.weight)
    }

    /// The type's strokes as motor-space points.
    public var strokePoints: [[SIMD2<Double>]] { strokes.map { $0.map { SIMD2($0[0], $0[1]) } } }

    /// The type's strokes as the language's value: a list of strokes, each a list of `[x, y]` points.
    public var strokesValue: Value {
        .list(strokes.map { stroke in .list(stroke.map { .list($0.map(Value.number)) }) })
    }

    /// The token's choices under `namespace`.
    public func tokenChoices(under namespace: Address) -> ChoiceMap {
        var choices = ChoiceMap()
        for choice in token { choices[choice.languageAddress.prefixed(by: namespace)] = choice.languageValue }
        return choices
    }
}

extension ImageParse {
    /// The run of `generate_character` (`model`, from ``ParseRefinement``) that this parse is, observing `image`:
    /// the type's choices from its strokes and the token's stored choices. Its score is ``logScore`` again.
    public func run(of model: Model, image: BinaryImage) throws -> Trace {
        var choices = try TypeChoices.choiceMap(strokePoints, namespace: "type")
        for (address, value) in tokenChoices(under: "token").values { choices[address] = value }
        var generator = SeededGenerator(seed: 0)
        return try model.generate(ParseRefinement.arguments(image), constraints: choices, using: &generator).trace
    }
}

/// A numeric choice in a storable form: its address's components and its number or list of numbers.
public struct StoredChoice: Sendable, Equatable, Codable {
    /// One address component: a name or an index.
    public enum Component: Sendable, Equatable, Codable, Comparable {
        case name(String)
        case index(Int)

        public init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let index = try? container.decode(Int.self) { self = .index(index) } else { self = .name(try container.decode(String.self)) }
        }

        public func encode(to encoder: any Encoder) throws {
            var container = encoder.singleValueContainer()
            switch self {
            case let .name(name): try container.encode(name)
            case let .index(index): try container.encode(index)
            }
        }
    }

    /// The address's components, outermost first.
    public let address: [Component]
    /// The value: one number, or the coordinates of a point.
    public let numbers: [Double]
    /// Whether the value is a list (a point) rather than one number.
    public let isList: Bool

    /// The choice at `address` with `value` (a number or a list of numbers).
    public init(address: Address, value: Value) throws {
        self.address = try address.components.map { component in
            switch component {
            case let .name(name): return .name(name)
            case let .index(index): return .index(index)
            case .path: throw ClassificationError.invalidParse("cannot store the choice \(address): nested address")
            }
        }
        switch value {
        case let .list(items):
            numbers = try items.map { item in
                guard let x = item.numberValue else { throw ClassificationError.invalidParse("cannot store the choice \(address) = \(value): not numbers") }
                return x
            }
            isList = true
        default:
            guard let x = value.numberValue else { throw ClassificationError.invalidParse("cannot store the choice \(address) = \(value): not a number") }
            numbers = [x]
            isList = false
        }
    }

    /// The address as the language's.
    public var languageAddress: Address {
        Address(address.map { component -> Address in
            switch component {
            case let .name(name): return .name(name)
            case let .index(index): return .index(index)
            }
        })
    }

    /// The value as the language's.
    public var languageValue: Value { isList ? .list(numbers.map(Value.number)) : .number(numbers[0]) }
}
