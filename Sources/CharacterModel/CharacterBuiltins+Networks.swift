import Language
import Neural
import Render
import Tensors

extension CharacterBuiltins {
    /// The type prior's networks as builtins, all in motor space (the conversion to the networks' space is
    /// done here): `location_gmm`, `stroke_begin`, `stroke_step` and `termination_prob`. Canvases are the
    /// 28x28 tensors `downsize` makes.
    ///
    /// Gradients: when a start, previous end point or offset is tape-tracked (gradient mode), the location and
    /// stroke networks run as tensor operations on the tape, so the log-density of every later choice passes its
    /// gradient back to the earlier choices it was conditioned on. The canvases stay constants of the gradient
    /// (`render` is not differentiable): how a stroke's ink changes the networks' view of the canvas is left out.
    static func networks(_ networks: TypePriorNetworks) -> [Builtin] {
        let scorer = TypePriorScorer(networks)
        let (location, stroke, termination) = (scorer.location, scorer.stroke, scorer.termination)
        let small = Canvas.networkSize
        return [
            /// `location_gmm(canvas, previous, temperature: 1)`: the gmm2 distribution of the next stroke's start,
            /// given the canvas so far and where the previous stroke ended.
            Builtin("location_gmm", parameters: ["canvas", "previous", Builtin.Parameter("temperature", default: .number(1))],
                    gradient: .differentiable) { call in
                let canvas = try StrokeValues.canvas(call.arguments[0].detached, side: small, argument: 0)
                let previous = try StrokeValues.point(call.arguments[1], "previous", argument: 1)
                let temperature = try positive(call, 2)
                guard call.arguments[1].isTracked else {
                    let mixture = location.mixture(canvas: canvas, previous: NetworkSpace.fromMotor(previous))
                    return try MixtureDistribution.value(NetworkSpace.toMotor(mixture), temperature: temperature)
                }
                let raw = location.forward(canvases: Tensor(shape: [1, 1, small, small], scalars: canvas),
                                           previous: networkPoint(call.arguments[1], shift: NetworkSpace.center))
                return try MixtureDistribution.value(NetworkSpace.toMotor(location.head.mixture(raw.scalars[...])),
                                                     temperature: temperature, tracked: raw.reshaped([location.head.width]),
                                                     head: location.head)
            },
            /// `stroke_begin(canvas, start)`: the stroke network's state for a stroke starting at `start`.
            Builtin("stroke_begin", parameters: ["canvas", "start"], gradient: .differentiable) { call in
                let canvas = try StrokeValues.canvas(call.arguments[0].detached, side: small, argument: 0)
                let start = try StrokeValues.point(call.arguments[1], "start", argument: 1)
                guard call.arguments[1].isTracked else {
                    return .opaque(Opaque(stroke.begin(canvas: canvas, start: NetworkSpace.fromMotor(start)), typeName: strokeStateName))
                }
                let state = stroke.differentiableBegin(canvases: Tensor(shape: [1, 1, small, small], scalars: canvas),
                                                       starts: networkPoint(call.arguments[1], shift: NetworkSpace.center))
                return .opaque(Opaque(state, typeName: strokeStateName))
            },
            /// `stroke_step(state, previous_offset, temperature: 1)` → `{offset, stop, state}`: the gmm2 of the next
            /// control-point offset, the probability of stopping instead, and the state after this step.
            /// `previous_offset` is the offset just drawn, `[0, 0]` at the first step.
            Builtin("stroke_step", parameters: ["state", "previous_offset", Builtin.Parameter("temperature", default: .number(1))],
                    gradient: .differentiable) { call in
                let offset = try StrokeValues.point(call.arguments[1], "previous_offset", argument: 1)
                let temperature = try positive(call, 2)
                guard case let .opaque(box) = call.arguments[0] else { throw call.mismatch(0, "\(strokeStateName) (from stroke_begin)") }
                var tracked: StrokeNetwork.State
                switch box.payload {
                case var state as StrokeNetwork.Evaluator.State where !call.arguments[1].isTracked:
                    let (mixture, stop) = stroke.step(&state, previousOffset: offset / NetworkSpace.scale)
                    return .record(Record(names: ["offset", "stop", "state"], values: [
                        try MixtureDistribution.value(NetworkSpace.toMotor(mixture, offsets: true), temperature: temperature),
                        .number(stop), .opaque(Opaque(state, typeName: strokeStateName)),
                    ]))
                case let state as StrokeNetwork.Evaluator.State: tracked = stroke.differentiableState(state)
                case let state as StrokeNetwork.State: tracked = state
                default: throw call.mismatch(0, "\(strokeStateName) (from stroke_begin)")
                }
                let raw = stroke.differentiableStep(&tracked, previousOffsets: networkPoint(call.arguments[1], shift: .zero))
                let width = stroke.head.width
                let mixture = raw.sliced(axis: 1, 0..<width).reshaped([width])
                let stop = raw.sliced(axis: 1, width..<(width + 1)).reshaped([]).sigmoid()
                return .record(Record(names: ["offset", "stop", "state"], values: [
                    try MixtureDistribution.value(NetworkSpace.toMotor(stroke.head.mixture(mixture.scalars[...]), offsets: true),
                                                  temperature: temperature, tracked: mixture, head: stroke.head),
                    stop.isTracked ? .tracked(stop) : .number(stop.scalar), .opaque(Opaque(tracked, typeName: strokeStateName)),
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

    /// A motor-space point value (plain or tracked numbers, already checked) in network space, `(p - shift) /
    /// scale`, as a `[1, 2]` tensor that keeps the tracked coordinates on the tape.
    private static func networkPoint(_ point: Value, shift: SIMD2<Double>) -> Tensor {
        guard case let .list(xy) = point else { preconditionFailure("a point was checked before") }
        let coordinates = zip(xy, [shift.x, shift.y]).map { value, shift -> Tensor in
            let x: Tensor = if case let .tracked(t) = value { t } else { Tensor(value.numberValue!) }
            return ((x - shift) / NetworkSpace.scale).reshaped([1, 1])
        }
        return Tensor.concatenate(coordinates, axis: 1)
    }

    /// Argument `index` as a positive number (a sampling temperature).
    private static func positive(_ call: BuiltinCall, _ index: Int) throws -> Double {
        let x = try call.number(index)
        guard x > 0, x.isFinite else { throw BuiltinError("\(call.parameterName(index)) must be positive, got \(Value.number(x))", argument: index) }
        return x
    }
}
