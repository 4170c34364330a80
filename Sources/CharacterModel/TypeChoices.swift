import Inference
import Language

/// The choices `generate_type` (Programs/characters/type.gns) makes to draw given strokes: what constrains a run of the
/// type prior to a known drawing, for scoring it (`assess`) or starting inference from it.
public enum TypeChoices {
    /// Most control-point offsets in one stroke (type.gns's `max_offsets`); a stroke this long has no stop choice.
    public static let maxOffsets = 50
    /// Most strokes in one character (type.gns's `max_strokes`).
    public static let maxStrokes = 10

    /// The choice map for `strokes` (absolute motor-space control points, at least 2 per stroke, at most
    /// ``maxOffsets`` + 1): per stroke i, its start, its offsets, the stop flags from step 1 on (true only
    /// after the last offset, absent when the stroke reached the limit) and the end flag (true only on the last
    /// stroke). With `namespace`, every address is prefixed by it (`"type"` inside character.gns).
    public static func choiceMap(_ strokes: [[SIMD2<Double>]], namespace: Address? = nil) throws -> ChoiceMap {
        guard (1...maxStrokes).contains(strokes.count) else {
            throw BuiltinError("a type has 1 to \(maxStrokes) strokes, got \(strokes.count)")
        }
        var choices = ChoiceMap()
        func put(_ components: [Address], _ value: Value) {
            let address = Address(components)
            choices[namespace.map { address.prefixed(by: $0) } ?? address] = value
        }
        for (i, stroke) in strokes.enumerated() {
            guard (2...(maxOffsets + 1)).contains(stroke.count) else {
                throw BuiltinError("stroke \(i) has \(stroke.count) control points; type.gns draws 2 to \(maxOffsets + 1)")
            }
            let index = Address.index(i)
            put(["stroke", index, "start"], StrokeValues.value(stroke[0]))
            for t in 1..<stroke.count {
                put(["stroke", index, "offset", .index(t - 1)], StrokeValues.value(stroke[t] - stroke[t - 1]))
                if t >= 2 { put(["stroke", index, "stop", .index(t - 1)], .bool(false)) }
            }
            if stroke.count - 1 < maxOffsets { put(["stroke", index, "stop", .index(stroke.count - 1)], .bool(true)) }
            put(["stroke", index, "end"], .bool(i == strokes.count - 1))
        }
        return choices
    }
}
