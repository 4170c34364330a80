import Foundation
import Kernels
import Tensors

extension StrokeNetwork {
    /// The stroke network arranged for drawing or scoring one stroke at a time, as the language builtins
    /// `stroke_begin` and `stroke_step` do, in evaluation mode.
    ///
    /// At batch 1 a step is about a million multiply-adds over 4.3 MB of weights, so its floor is reading
    /// the weights (about 16 GB/s from L3 on one core of the development machine: ~0.27 ms). The generic
    /// tensor path adds an allocation, shape checks and a tape test to each of its ~60 operations per step;
    /// this one runs a step as six matrix-vector products and a few loops over small buffers, with each
    /// LSTM layer's input and hidden weights side by side so that a layer is one product. The CNN and the
    /// initial state, run once per stroke, reuse the batched code. `NetworkTests` checks both paths agree.
    public struct SingleStroke: Sendable {
        let network: StrokeNetwork
        /// Per LSTM layer: `[W_ih | W_hh]` as `[4H, in + H]` row-major, and `b_ih + b_hh`.
        let lstmWeights: [[Float]], lstmBiases: [[Float]]

        /// Rearranges `network`'s weights (a copy: later training of `network` does not reach this one).
        public init(_ network: StrokeNetwork) {
            self.network = network
            let lstm = network.lstm
            lstmWeights = (0..<lstm.layerCount).map { layer in
                let (input, hidden) = (lstm.weightsInput[layer], lstm.weightsHidden[layer])
                let (rows, inputWidth, hiddenWidth) = (input.shape[0], input.shape[1], hidden.shape[1])
                var joined = [Float]()
                joined.reserveCapacity(rows * (inputWidth + hiddenWidth))
                for row in 0..<rows {
                    joined += input.scalars[(row * inputWidth)..<((row + 1) * inputWidth)]
                    joined += hidden.scalars[(row * hiddenWidth)..<((row + 1) * hiddenWidth)]
                }
                return joined
            }
            lstmBiases = (0..<lstm.layerCount).map { layer in
                zip(lstm.biasesInput[layer].scalars, lstm.biasesHidden[layer].scalars).map(+)
            }
        }

        /// One stroke's recurrent state.
        public struct State: Sendable {
            /// The feature map `[196, 64]` and its attention projection `[196, 256]`.
            var features: [Float], projected: [Float]
            /// The embedded start `[16]`.
            var start: [Float]
            /// Per-layer hidden and cell states `[256]`.
            var hidden: [[Float]], cell: [[Float]]
        }

        /// Starts a stroke at `start` (network space) on a 28x28 canvas (row-major ink).
        public func begin(canvas: [Float], start: SIMD2<Double>) -> State {
            var copy = network, pass = ForwardPass.evaluation
            let state = copy.begin(canvases: Tensor(shape: [1, 1, 28, 28], scalars: canvas),
                                   starts: Tensor(shape: [1, 2], scalars: [Float(start.x), Float(start.y)]), pass: &pass)
            return State(features: state.features.scalars, projected: state.projected.scalars, start: state.start.scalars,
                         hidden: state.hidden.map(\.scalars), cell: state.cell.map(\.scalars))
        }

        /// One step: the mixture of the next offset and the probability of stopping instead (the program asks
        /// for the stop only from the second step on). `previousOffset` is zero at the first step.
        public func step(_ state: inout State, previousOffset: SIMD2<Double>) -> (offset: MixtureParameters, stopProbability: Double) {
            let top = state.hidden[state.hidden.count - 1]
            var offset = affine(network.offsetEmbedding, [Float(previousOffset.x), Float(previousOffset.y)])
            tanh(&offset)
            let gated = attend(state, query: affine(network.attendHidden, top), top: top)
            var input = offset + gated
            for layer in 0..<lstmWeights.count {
                let size = state.cell[layer].count
                var gates = lstmBiases[layer]
                multiplyAdd(lstmWeights[layer], input + state.hidden[layer], into: &gates)
                var newHidden = [Float](repeating: 0, count: size), newCell = newHidden, squashed = newHidden
                gates.withUnsafeMutableBufferPointer { g in
                    state.cell[layer].withUnsafeBufferPointer { c in
                        newHidden.withUnsafeMutableBufferPointer { h in
                            newCell.withUnsafeMutableBufferPointer { n in
                                squashed.withUnsafeMutableBufferPointer { q in
                                    LSTMGates.forward(rows: 1, size: size, gates: g.baseAddress!, cell: c.baseAddress!,
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
            var combined = affine(network.combine, input + gated + offset + state.start)
            tanh(&combined)
            let raw = affine(network.output, combined)
            let width = network.head.width
            return (network.head.mixture(raw[0..<width]), 1 / (1 + Foundation.exp(-Double(raw[width]))))
        }

        /// The gated attention context `[64]`: softmax over the map of `w · tanh(P[l] + query) + b`, the
        /// weighted mean feature, times `sigmoid(gate(top))`.
        private func attend(_ state: State, query: [Float], top: [Float]) -> [Float] {
            let width = query.count, channels = network.gate.bias.count
            let places = state.features.count / channels
            var scores = [Float](repeating: 0, count: places)
            state.projected.withUnsafeBufferPointer { projected in
                query.withUnsafeBufferPointer { query in
                    network.attendScore.weight.scalars.withUnsafeBufferPointer { w in
                        scores.withUnsafeMutableBufferPointer { e in
                            let (p, q, w, e, b) = (projected.baseAddress!, query.baseAddress!, w.baseAddress!, e.baseAddress!,
                                                   network.attendScore.bias.scalars[0])
                            // 196 x 256 tanh: about 25 µs on one core, worth the partner thread's hand-off.
                            Parallel.forEachHalf(of: places, splitting: true) { part in
                                AdditiveAttention.scores(rows: part.count, places: places, width: width, projected: p + part.lowerBound * width,
                                                         query: q, weight: w, bias: b, activations: nil, scores: e + part.lowerBound)
                            }
                        }
                    }
                }
            }
            let largest = scores.max() ?? 0
            var total: Float = 0
            for place in 0..<places { scores[place] = Foundation.exp(scores[place] - largest); total += scores[place] }
            var context = [Float](repeating: 0, count: channels)
            state.features.withUnsafeBufferPointer { features in
                for place in 0..<places {
                    let weight = scores[place] / total, row = features.baseAddress! + place * channels
                    for c in 0..<channels { context[c] += weight * row[c] }
                }
            }
            var gate = affine(network.gate, top)
            gate.withUnsafeMutableBufferPointer { Activation.sigmoid($0.baseAddress!, into: $0.baseAddress!, count: $0.count) }
            for c in 0..<channels { context[c] *= gate[c] }
            return context
        }
    }
}

/// `layer(x)` for one input vector.
private func affine(_ layer: Linear, _ x: [Float]) -> [Float] {
    var y = layer.bias.scalars
    multiplyAdd(layer.weight.scalars, x, into: &y)
    return y
}

/// y += M·x for M `[y.count, x.count]` row-major.
private func multiplyAdd(_ matrix: [Float], _ x: [Float], into y: inout [Float]) {
    let (rows, columns) = (y.count, x.count)
    precondition(matrix.count == rows * columns, "a \(rows)x\(columns) product needs \(rows * columns) weights, got \(matrix.count)")
    matrix.withUnsafeBufferPointer { m in
        x.withUnsafeBufferPointer { v in
            y.withUnsafeMutableBufferPointer { out in
                Gemm.multiply(transposeA: false, transposeB: true, m: 1, n: rows, k: columns, alpha: 1,
                              a: v.baseAddress!, lda: columns, b: m.baseAddress!, ldb: columns,
                              beta: 1, c: out.baseAddress!, ldc: rows)
            }
        }
    }
}

private func tanh(_ values: inout [Float]) {
    values.withUnsafeMutableBufferPointer { Activation.tanh($0.baseAddress!, into: $0.baseAddress!, count: $0.count) }
}
