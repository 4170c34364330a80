import Language
import Synchronization
import Render
import Tensors

/// How strokes, tokens and canvases travel between `.gns` code and the renderer's Swift types.
///
/// A point is `[x, y]` in motor space; a stroke is a list of absolute control points; a token is the record
/// `{strokes, scale, translation, blur_sigma, epsilon}` that `generate_token` returns; a canvas is a tensor.
/// Every decoder throws a `BuiltinError` naming the argument and the element at fault.
public enum StrokeValues {
    /// A point `[x, y]` (plain or tracked numbers).
    public static func point(_ value: Value, _ what: @autoclosure () -> String, argument: Int) throws -> SIMD2<Double> {
        guard case let .list(xs) = value, xs.count == 2, let x = xs[0].numberValue, let y = xs[1].numberValue else {
            throw BuiltinError("\(what()) must be a point [x, y], got \(describe(value))", argument: argument)
        }
        guard x.isFinite, y.isFinite else {
            throw BuiltinError("\(what()) must have finite coordinates, got [\(x), \(y)]", argument: argument)
        }
        guard abs(x) <= RenderConstants.coordinateLimit, abs(y) <= RenderConstants.coordinateLimit else {
            throw BuiltinError("\(what()) must have coordinates within ±\(Value.number(RenderConstants.coordinateLimit)) pixels, got [\(x), \(y)]", argument: argument)
        }
        return SIMD2(x, y)
    }

    /// A list of strokes, each a non-empty list of points.
    public static func strokes(_ value: Value, _ what: String, argument: Int) throws -> [[SIMD2<Double>]] {
        guard case let .list(items) = value else {
            throw BuiltinError("\(what) must be a list of strokes (lists of [x, y] points), got \(value.typeName)", argument: argument)
        }
        return try items.enumerated().map { s, stroke in
            guard case let .list(points) = stroke, !points.isEmpty else {
                throw BuiltinError("\(what)[\(s)] must be a non-empty list of [x, y] points, got \(describe(stroke))", argument: argument)
            }
            return try points.enumerated().map { j, p in try point(p, "\(what)[\(s)][\(j)]", argument: argument) }
        }
    }

    /// A number field of a record, required to lie in `range`.
    public static func number(_ value: Value?, _ what: String, in range: ClosedRange<Double>, argument: Int) throws -> Double {
        guard let x = value?.numberValue else {
            throw BuiltinError("\(what) must be a number, got \(value.map(describe) ?? "nothing")", argument: argument)
        }
        guard range.contains(x) else {
            throw BuiltinError("\(what) must lie in [\(Value.number(range.lowerBound)), \(Value.number(range.upperBound))], got \(Value.number(x))", argument: argument)
        }
        return x
    }

    /// The renderer's token from a token record (strokes as absolute control points, so every start is 0).
    public static func token(_ value: Value, argument: Int) throws -> RenderToken {
        guard case let .record(record) = value else {
            throw BuiltinError("the token must be a record {strokes, scale, translation, blur_sigma, epsilon}, got \(value.typeName)", argument: argument)
        }
        func field(_ name: String) throws -> Value {
            guard let item = record[name] else {
                throw BuiltinError("the token record has no field '\(name)' (it needs strokes, scale, translation, blur_sigma, epsilon)", argument: argument)
            }
            return item
        }
        let strokes = try Self.strokes(try field("strokes"), "token.strokes", argument: argument)
        return RenderToken(strokes: strokes.map { RenderStroke(absolute: $0) },
                           scale: try point(try field("scale"), "token.scale", argument: argument),
                           translation: try point(try field("translation"), "token.translation", argument: argument),
                           blurSigma: try number(try field("blur_sigma"), "token.blur_sigma", in: 0...RenderConstants.maximumBlurSigma, argument: argument),
                           epsilon: try number(try field("epsilon"), "token.epsilon", in: 0...1, argument: argument))
    }

    /// The token's numeric inputs as the distribution's parameter list: one list of points per stroke, then
    /// scale, translation, blur sigma and epsilon, so tape-tracked numbers line up with the renderer's gradient.
    public static func tokenParameters(_ value: Value) -> [Value] {
        guard case let .record(record) = value, case let .list(strokes)? = record["strokes"] else { return [value] }
        return strokes + ["scale", "translation", "blur_sigma", "epsilon"].map { record[$0] ?? .nil }
    }

    /// A row-major canvas of `side` x `side` pixels, from a tensor of that shape.
    public static func canvas(_ value: Value, side: Int, argument: Int) throws -> [Float] {
        guard case let .tensor(t) = value else {
            throw BuiltinError("the canvas must be a \(side)x\(side) tensor, got \(value.typeName)", argument: argument)
        }
        guard t.shape == [side, side] else {
            throw BuiltinError("the canvas must have shape [\(side), \(side)], got \(t.shape)", argument: argument)
        }
        return t.scalars
    }

    /// A binary 105x105 image from a tensor or a flat list of pixels (booleans or numbers; above 0.5 is ink).
    public static func image(_ value: Value) throws -> BinaryImage {
        let pixels: [Bool]
        switch value {
        case let .tensor(t):
            if let known = recentImages.image(of: t.scalars) { return known }
            let image = try binaryImage(t.scalars.map { $0 > 0.5 })
            recentImages.remember(image, of: t.scalars)
            return image
        case let .list(items):
            pixels = try items.map { item in
                if case let .bool(b) = item { return b }
                guard let x = item.numberValue else { throw BuiltinError("image pixels must be booleans or numbers, found \(item.typeName)") }
                return x > 0.5
            }
        default: throw BuiltinError("the image must be a 105x105 tensor or a list of pixels, got \(value.typeName)")
        }
        return try binaryImage(pixels)
    }

    private static func binaryImage(_ pixels: [Bool]) throws -> BinaryImage {
        do {
            return try BinaryImage(pixels: pixels)
        } catch {
            throw BuiltinError(error.description)
        }
    }

    /// An optimiser scores the same observed image hundreds of times (a parse refinement, a refit); converting
    /// its tensor each time was 13% of a refit.
    private static let recentImages = ImageMemo()

    /// A tensor holding a square row-major image.
    public static func tensor(_ pixels: [Float], side: Int) -> Value {
        .tensor(Tensor(shape: [side, side], scalars: pixels))
    }

    /// A point as the list value `[x, y]`.
    public static func value(_ p: SIMD2<Double>) -> Value { .list([.number(p.x), .number(p.y)]) }

    /// A short description of a value for messages: its kind, or the value itself when short.
    private static func describe(_ value: Value) -> String {
        let text = value.description
        return text.count <= 40 ? text : value.typeName
    }
}

/// The binary images of the last few image tensors seen, keyed by their storage. Each entry holds its tensor's
/// scalars, so that storage stays alive and unchanged (a write would copy it) while the entry exists: equal
/// storage addresses then mean the same pixels.
private final class ImageMemo: Sendable {
    private static let capacity = 8
    private let entries = Mutex<[(scalars: [Float], image: BinaryImage)]>([])

    func image(of scalars: [Float]) -> BinaryImage? {
        entries.withLock { entries in
            entries.first { Self.sameStorage($0.scalars, scalars) }?.image
        }
    }

    func remember(_ image: BinaryImage, of scalars: [Float]) {
        entries.withLock { entries in
            if entries.count == Self.capacity { entries.removeFirst() }
            entries.append((scalars, image))
        }
    }

    private static func sameStorage(_ a: [Float], _ b: [Float]) -> Bool {
        a.count == b.count && a.withUnsafeBufferPointer { pa in b.withUnsafeBufferPointer { pb in pa.baseAddress == pb.baseAddress } }
    }
}
