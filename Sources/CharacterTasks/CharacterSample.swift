import CharacterModel
import Language
import Render

/// One run of `generate_character`: the type's strokes, the token drawn from them and its binary image.
public struct CharacterSample: Sendable {
    /// The type: strokes of absolute motor-space control points.
    public let strokes: [[SIMD2<Double>]]
    /// The token, as the renderer takes it (absolute control points, zero starts).
    public let token: RenderToken
    /// The sampled binary image, 105x105 row-major, 1 = ink.
    public let image: [Float]

    /// Reads the record `{strokes, token, image}` that `generate_character` returns.
    public init(_ value: Value) throws {
        guard case let .record(record) = value, let strokes = record["strokes"], let token = record["token"],
              case let .tensor(image)? = record["image"] else {
            throw BuiltinError("generate_character must return a record {strokes, token, image}, got \(value.typeName)")
        }
        self.strokes = try StrokeValues.strokes(strokes.detached, "strokes", argument: 0)
        self.token = try StrokeValues.token(token.detached, argument: 0)
        self.image = image.scalars
    }
}

extension RenderToken {
    /// The strokes with the token's affine warp applied, as absolute control points: scaled about the centre
    /// of mass of all control points, then translated (the warp `RenderToken` documents and the renderer applies).
    public var warpedStrokes: [[SIMD2<Double>]] {
        let absolute = strokes.map { stroke in stroke.controlPoints.map { stroke.start + $0 } }
        let all = absolute.joined()
        guard !all.isEmpty else { return absolute }
        let centre = all.reduce(SIMD2<Double>.zero, +) / Double(all.count)
        return absolute.map { stroke in stroke.map { scale * ($0 - centre) + centre + translation } }
    }
}
