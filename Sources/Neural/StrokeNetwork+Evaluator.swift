import Foundation
import Kernels
import Tensors

extension StrokeNetwork {
    /// The stroke network in evaluation mode, without a tape: one stroke stepped at a time, as the language
    /// builtins `stroke_begin` and `stroke_step` do, or several strokes in lockstep, as scoring a drawing does.
    ///
    /// A step is about a million multiply-adds per stroke over 4.3 MB of weights, so for a few strokes its floor
    /// is reading the weights (about 16 GB/s from L3 per core on the development machine). The tensor path
    /// adds an allocation, shape checks and a tape test to each of its ~60 operations per step; this one runs a
    /// step as eight matrix products and a few sweeps over small buffers, reading each weight once per step
    /// however many strokes there are. The CNN and the initial state, run once per stroke, reuse the batched
    /// code, except on the blank canvas, whose feature map and projection are computed once (`BlankCanvas`).
    /// `NetworkTests` checks that both paths agree.
    public struct Evaluator: Sendable {
        let network: StrokeNetwork
        /// Per LSTM layer: `b_ih + b_hh`.
        let lstmBiases: [[Float]]
        /// The blank canvas's feature map `[196, 64]` and attention projection `[196, 256]`.
        let blankMaps: [[Float]]

        /// The reader of the raw outputs' mixtures.
        public var head: MixtureDensityHead { network.head }

        /// Evaluates `network` (a copy, with subnormal weights flushed to zero: later training of `network`
        /// does not reach this one).
        public init(_ network: StrokeNetwork) {
            let network = network.flushingSubnormals()
            self.network = network
            let lstm = network.lstm
            lstmBiases = (0..<lstm.layerCount).map { layer in
                zip(lstm.biasesInput[layer].scalars, lstm.biasesHidden[layer].scalars).map(+)
            }
            var copy = network, pass = ForwardPass.evaluation
            let blank = copy.featureMaps(BlankCanvas.tensor(side: 28), pass: &pass)
            blankMaps = [blank.features.scalars, blank.projected.scalars]
        }

        /// The recurrent state of strokes stepped together, each row-major with one row per stroke.
        public struct State: Sendable {
            /// Strokes in the state.
            public private(set) var strokes: Int
            /// The feature maps `[begun, 196, 64]` and their attention projections `[begun, 196, 256]` of the
            /// strokes begun together (the first `strokes` of them are still in the state).
            let features: [Float], projected: [Float]
            /// Places in a feature map (196).
            let places: Int
            /// The embedded starts `[strokes, 16]`.
            var start: [Float]
            /// Per-layer hidden and cell states `[strokes, 256]`.
            var hidden: [[Float]], cell: [[Float]]

            /// Keeps the first `count` strokes. The feature maps stay as they are (the steps read only the first
            /// rows): cutting them would copy megabytes, as the state is shared with the ``Scoring`` it came from.
            mutating func keepFirst(_ count: Int) {
                guard count < strokes else { return }
                func cut(_ values: inout [Float]) { values.removeLast(values.count / strokes * (strokes - count)) }
                cut(&start)
                for layer in hidden.indices { cut(&hidden[layer]); cut(&cell[layer]) }
                strokes = count
            }
        }

        /// Starts strokes at `starts [N, 2]` (network space) on canvases `[N, 1, 28, 28]`.
        public func begin(canvases: Tensor, starts: Tensor) -> State {
            let state = differentiableBegin(canvases: canvases, starts: starts)
            return State(strokes: canvases.shape[0], features: state.features.scalars, projected: state.projected.scalars,
                         places: state.features.shape[1], start: state.start.scalars, hidden: state.hidden.map(\.scalars),
                         cell: state.cell.map(\.scalars))
        }

        /// ``begin(canvases:starts:)`` as tensors, so that a tape-tracked `starts` carries its gradient into the
        /// state (the canvases are constants: their feature maps are not tracked).
        public func differentiableBegin(canvases: Tensor, starts: Tensor) -> StrokeNetwork.State {
            var copy = network, pass = ForwardPass.evaluation
            let maps = BlankCanvas.features(of: canvases, blank: blankMaps) { inked in
                let maps = copy.featureMaps(inked, pass: &pass)
                return [maps.features, maps.projected]
            }
            let count = canvases.shape[0], places = blankMaps[0].count / StrokeNetwork.featureChannels
            return copy.begin(features: Tensor(shape: [count, places, StrokeNetwork.featureChannels], scalars: maps[0]),
                              projected: Tensor(shape: [count, places, blankMaps[1].count / places], scalars: maps[1]),
                              starts: starts, pass: &pass)
        }

        /// The tensor form of a one-stroke `state`, for ``differentiableStep(_:previousOffset:)`` when the offsets
        /// become tape-tracked after a start that was not.
        public func differentiableState(_ state: State) -> StrokeNetwork.State {
            precondition(state.strokes == 1, "a one-stroke state is needed, this one has \(state.strokes) strokes")
            let (places, channels, width) = (state.places, StrokeNetwork.featureChannels, network.attendFeatures.bias.count)
            let hidden = state.hidden.map { Tensor(shape: [1, $0.count], scalars: $0) }
            return StrokeNetwork.State(features: Tensor(shape: [1, places, channels], scalars: Array(state.features.prefix(places * channels))),
                                       projected: Tensor(shape: [1, places, width], scalars: Array(state.projected.prefix(places * width))),
                                       start: Tensor(shape: [1, state.start.count], scalars: state.start),
                                       hidden: hidden, cell: state.cell.map { Tensor(shape: [1, $0.count], scalars: $0) },
                                       top: hidden[hidden.count - 1], topMask: nil, recurrentMasks: nil, combineMask: nil)
        }

        /// One step of ``differentiableBegin(canvases:starts:)``'s strokes as tensor operations, so gradients flow
        /// from the raw outputs `[N, 121]` to a tape-tracked previous offset `[N, 2]` and to the state. About ten
        /// times slower than ``step(_:previousOffsets:)``: gradient methods use it, sampling and scoring do not.
        public func differentiableStep(_ state: inout StrokeNetwork.State, previousOffsets: Tensor) -> Tensor {
            var copy = network, pass = ForwardPass.evaluation
            return copy.step(&state, previousOffsets: previousOffsets, pass: &pass)
        }

        /// Starts one stroke at `start` (network space) on a 28x28 canvas (row-major ink).
        public func begin(canvas: [Float], start: SIMD2<Double>) -> State {
            begin(canvases: Tensor(shape: [1, 1, 28, 28], scalars: canvas),
                  starts: Tensor(shape: [1, 2], scalars: [Float(start.x), Float(start.y)]))
        }

        /// One step of one stroke: the mixture of the next offset and the probability of stopping instead (the
        /// program asks for the stop only from the second step on). `previousOffset` is zero at the first step.
        public func step(_ state: inout State, previousOffset: SIMD2<Double>) -> (offset: MixtureParameters, stopProbability: Double) {
            precondition(state.strokes == 1, "a one-stroke step of a state with \(state.strokes) strokes")
            let raw = step(&state, previousOffsets: [Float(previousOffset.x), Float(previousOffset.y)])
            let width = network.head.width
            return (network.head.mixture(raw[0..<width]), 1 / (1 + Foundation.exp(-Double(raw[width]))))
        }

        /// One step of every stroke in `state`: reads the previous offsets `[strokes, 2]` (zero at the first step)
        /// and returns the raw outputs `[strokes, 121]` (the next offset's mixture, then the stop logit), as
        /// ``StrokeNetwork/step(_:previousOffsets:pass:)`` does in evaluation mode.
        public func step(_ state: inout State, previousOffsets: [Float]) -> [Float] {
            let strokes = state.strokes
            precondition(previousOffsets.count == 2 * strokes, "\(strokes) strokes need \(2 * strokes) offset coordinates")
            let top = state.hidden[state.hidden.count - 1]
            var offset = affine(network.offsetEmbedding, previousOffsets, rows: strokes)
            tanh(&offset)
            let gated = attend(state, query: affine(network.attendHidden, top, rows: strokes), top: top)
            var input = interleaved([offset, gated], rows: strokes)
            let lstm = network.lstm
            for layer in 0..<lstm.layerCount {
                let size = lstm.hiddenSize
                var gates = repeated(lstmBiases[layer], rows: strokes)
                multiplyAdd(lstm.weightsInput[layer].scalars, input, rows: strokes, into: &gates)
                multiplyAdd(lstm.weightsHidden[layer].scalars, state.hidden[layer], rows: strokes, into: &gates)
                var newHidden = [Float](repeating: 0, count: strokes * size), newCell = newHidden, squashed = newHidden
                gates.withUnsafeMutableBufferPointer { g in
                    state.cell[layer].withUnsafeBufferPointer { c in
                        newHidden.withUnsafeMutableBufferPointer { h in
                            newCell.withUnsafeMutableBufferPointer { n in
                                squashed.withUnsafeMutableBufferPointer { q in
                                    LSTMGates.forward(rows: strokes, size: size, gates: g.baseAddress!, cell: c.baseAddress!,
                                                      newHidden: .init(h.baseAddress!, stride: size),
                                                      newCell: .init(n.baseAddress!, stride: size), squashedCell: q.baseAddress!)
                                }
                            }
                        }
                    }
                }
                state.hidden[layer] = newHidden
                state.cell[layer] = newCell
                input = newHidden
            }
            var combined = affine(network.combine, interleaved([input, gated, offset, state.start], rows: strokes), rows: strokes)
            tanh(&combined)
            return affine(network.output, combined, rows: strokes)
        }

        /// ``StrokeNetwork/losses(canvases:starts:offsets:pass:)`` in evaluation mode, by lockstep steps.
        public func losses(canvases: Tensor, starts: Tensor, offsets: [[SIMD2<Float>]]) -> StrokeLosses {
            losses(beginScoring(canvases: canvases, starts: starts, offsets: offsets))
        }

        /// Strokes to be scored, begun: their CNN work (about half of scoring a few strokes, and compute-bound),
        /// which a caller may run beside other work, before the steps (bound by reading the weights).
        public struct Scoring: Sendable {
            let schedule: TeacherForcing
            var state: State
        }

        /// The first part of ``losses(canvases:starts:offsets:)``: the strokes' states, in stepping order.
        public func beginScoring(canvases: Tensor, starts: Tensor, offsets: [[SIMD2<Float>]]) -> Scoring {
            let schedule = TeacherForcing(offsets: offsets)
            return Scoring(schedule: schedule, state: begin(canvases: canvases.gathered(axis: 0, indices: schedule.order),
                                                            starts: starts.gathered(axis: 0, indices: schedule.order)))
        }

        /// The second part of ``losses(canvases:starts:offsets:)``: the steps and their losses.
        public func losses(_ scoring: Scoring) -> StrokeLosses {
            var state = scoring.state
            let width = network.head.width + 1
            return scoring.schedule.losses(head: network.head) { strokes, previousOffsets in
                state.keepFirst(strokes)
                return Tensor(shape: [strokes, width], scalars: step(&state, previousOffsets: previousOffsets.scalars))
            }
        }

        /// The gated attention contexts `[strokes, 64]`: per stroke, softmax over the map of `w · tanh(P[l] + query) + b`,
        /// the weighted mean feature, times `sigmoid(gate(top))`.
        private func attend(_ state: State, query: [Float], top: [Float]) -> [Float] {
            let (strokes, places) = (state.strokes, state.places)
            let width = query.count / strokes, channels = network.gate.bias.count
            var scores = [Float](repeating: 0, count: strokes * places)
            state.projected.withUnsafeBufferPointer { projected in
                query.withUnsafeBufferPointer { query in
                    network.attendScore.weight.scalars.withUnsafeBufferPointer { w in
                        scores.withUnsafeMutableBufferPointer { e in
                            let (p, q, w, e, b) = (projected.baseAddress!, query.baseAddress!, w.baseAddress!, e.baseAddress!,
                                                   network.attendScore.bias.scalars[0])
                            // 196 x 256 tanh per stroke: about 25 µs on one core, worth the partner thread's hand-off.
                            // A half may span strokes; each stroke's places read that stroke's query.
                            Parallel.forEachHalf(of: strokes * places, splitting: true) { part in
                                var row = part.lowerBound
                                while row < part.upperBound {
                                    let stroke = row / places, end = min(part.upperBound, (stroke + 1) * places)
                                    AdditiveAttention.scores(rows: end - row, places: places, width: width, projected: p + row * width,
                                                             query: q + stroke * width, weight: w, bias: b, activations: nil,
                                                             scores: e + row)
                                    row = end
                                }
                            }
                        }
                    }
                }
            }
            var gates = affine(network.gate, top, rows: strokes)
            gates.withUnsafeMutableBufferPointer { Activation.sigmoid($0.baseAddress!, into: $0.baseAddress!, count: $0.count) }
            var context = [Float](repeating: 0, count: strokes * channels)
            state.features.withUnsafeBufferPointer { features in
                context.withUnsafeMutableBufferPointer { context in
                    for stroke in 0..<strokes {
                        let e = stroke * places, c = context.baseAddress! + stroke * channels
                        let largest = scores[e..<(e + places)].max() ?? 0
                        var total: Float = 0
                        for place in e..<(e + places) { scores[place] = Foundation.exp(scores[place] - largest); total += scores[place] }
                        for place in 0..<places {
                            let weight = scores[e + place] / total, row = features.baseAddress! + (e + place) * channels
                            for k in 0..<channels { c[k] += weight * row[k] }
                        }
                        for k in 0..<channels { c[k] *= gates[stroke * channels + k] }
                    }
                }
            }
            return context
        }
    }
}

/// `layer(x)` for `rows` input rows `[rows, in]`.
private func affine(_ layer: Linear, _ x: [Float], rows: Int) -> [Float] {
    var y = repeated(layer.bias.scalars, rows: rows)
    multiplyAdd(layer.weight.scalars, x, rows: rows, into: &y)
    return y
}

/// `row` repeated `rows` times, `[rows, row.count]`: a bias for every row of a product.
private func repeated(_ row: [Float], rows: Int) -> [Float] {
    var all = [Float]()
    all.reserveCapacity(rows * row.count)
    for _ in 0..<rows { all += row }
    return all
}

/// y += x·Mᵀ for x `[rows, in]`, M `[out, in]` and y `[rows, out]`, all row-major.
private func multiplyAdd(_ matrix: [Float], _ x: [Float], rows: Int, into y: inout [Float]) {
    let (outputs, inputs) = (y.count / rows, x.count / rows)
    precondition(matrix.count == outputs * inputs, "a \(outputs)x\(inputs) product needs \(outputs * inputs) weights, got \(matrix.count)")
    matrix.withUnsafeBufferPointer { m in
        x.withUnsafeBufferPointer { v in
            y.withUnsafeMutableBufferPointer { out in
                Gemm.multiply(transposeA: false, transposeB: true, m: rows, n: outputs, k: inputs, alpha: 1,
                              a: v.baseAddress!, lda: inputs, b: m.baseAddress!, ldb: inputs,
                              beta: 1, c: out.baseAddress!, ldc: outputs)
            }
        }
    }
}

/// The rows of `parts` (each `[rows, width_i]`) side by side: `[rows, Σ width_i]`.
private func interleaved(_ parts: [[Float]], rows: Int) -> [Float] {
    var joined = [Float]()
    joined.reserveCapacity(parts.reduce(0) { $0 + $1.count })
    for row in 0..<rows {
        for part in parts {
            let width = part.count / rows
            joined += part[(row * width)..<((row + 1) * width)]
        }
    }
    return joined
}

private func tanh(_ values: inout [Float]) {
    values.withUnsafeMutableBufferPointer { Activation.tanh($0.baseAddress!, into: $0.baseAddress!, count: $0.count) }
}
