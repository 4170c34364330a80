import Language
import Neural
import Render

extension CharacterBuiltins {
    /// The type prior's networks as builtins, all in motor space (the conversion to the networks' space is
    /// done here): `location_gmm`, `stroke_begin`, `stroke_step` and `termination_prob`. Canvases are the
    /// 28x28 tensors `downsize` makes.
    static func networks(_ networks: TypePriorNetworks) -> [Builtin] {
        let scorer = TypePriorScorer(networks)
        let (location, stroke, termination) = (scorer.location, scorer.stroke, scorer.termination)
        let small = Canvas.networkSize
        return [
            /// `location_gmm(canvas, previous, temperature: 1)`: the gmm2 distribution of the next stroke's start,
            /// given the canvas so far and where the previous stroke ended.
            Builtin("location_gmm", parameters: ["canvas", "previous", Builtin.Parameter("temperature", default: .number(1))]) { call in
                let canvas = try StrokeValues.canvas(call.arguments[0], side: small, argument: 0)
                let previous = try StrokeValues.point(call.arguments[1], "previous", argument: 1)
                let temperature = try positive(call, 2)
                let mixture = location.mixture(canvas: canvas, previous: NetworkSpace.fromMotor(previous))
                return try MixtureDistribution.value(NetworkSpace.toMotor(mixture), temperature: temperature)
            },
            /// `stroke_begin(canvas, start)`: the stroke network's state for a stroke starting at `start`.
            Builtin("stroke_begin", parameters: ["canvas", "start"]) { call in
                let canvas = try StrokeValues.canvas(call.arguments[0], side: small, argument: 0)
                let start = try StrokeValues.point(call.arguments[1], "start", argument: 1)
                return .opaque(Opaque(stroke.begin(canvas: canvas, start: NetworkSpace.fromMotor(start)), typeName: strokeStateName))
            },
            /// `stroke_step(state, previous_offset, temperature: 1)` → `{offset, stop, state}`: the gmm2 of the next
            /// control-point offset, the probability of stopping instead, and the state after this step.
            /// `previous_offset` is the offset just drawn, `[0, 0]` at the first step.
            Builtin("stroke_step", parameters: ["state", "previous_offset", Builtin.Parameter("temperature", default: .number(1))]) { call in
                guard case let .opaque(box) = call.arguments[0], var state = box.payload as? StrokeNetwork.Evaluator.State else {
                    throw call.mismatch(0, "\(strokeStateName) (from stroke_begin)")
                }
                let offset = try StrokeValues.point(call.arguments[1], "previous_offset", argument: 1)
                let temperature = try positive(call, 2)
                let (mixture, stop) = stroke.step(&state, previousOffset: offset / NetworkSpace.scale)
                return .record(Record(names: ["offset", "stop", "state"], values: [
                    try MixtureDistribution.value(NetworkSpace.toMotor(mixture, offsets: true), temperature: temperature),
                    .number(stop), .opaque(Opaque(state, typeName: strokeStateName)),
                ]))
            },
            /// `termination_prob(canvas)`: the probability that the character is finished after the strokes on `canvas`.
            Builtin("termination_prob", parameters: ["canvas"]) { call in
                .number(termination.probability(canvas: try StrokeValues.canvas(call.arguments[0], side: small, argument: 0)))
            },
        ]
    }

    /// How messages name a stroke network state.
    static let strokeStateName = "a stroke state"

    /// Argument `index` as a positive number (a sampling temperature).
    private static func positive(_ call: BuiltinCall, _ index: Int) throws -> Double {
        let x = try call.number(index)
        guard x > 0, x.isFinite else { throw BuiltinError("\(call.parameterName(index)) must be positive, got \(Value.number(x))", argument: index) }
        return x
    }
}
