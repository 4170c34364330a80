import Foundation
import Random
import Tensors

/// The GNS stroke model p(offsets | start, canvas) (the reference's `LSTMConditioned`: k = 20, 2 layers,
/// hidden 256, Show-Attend-Tell attention of size 256, combine 256).
///
/// A CNN (3x3 convolutions 1->16->32 with ReLU, then 32->64 with stride 2 and tanh) turns the 28x28 canvas
/// into a 14x14 map of 64 features. The LSTM state starts from the mean feature and the embedded start
/// point; at each step additive attention over the map, gated by a sigmoid of the hidden state, gives a
/// context vector that joins the embedded previous offset as LSTM input. The top hidden state, context,
/// offset and start embeddings are combined and read out as a 20-component bivariate Gaussian mixture for
/// the next spline offset plus the logit of stopping. Offsets and start are in network space.
public struct StrokeNetwork: ParameterContainer, Sendable {
    /// Mixture components.
    public static let components = 20
    /// Canvas z-scoring constants of the reference stroke model.
    static let canvasMean = 0.0243, canvasDeviation = 0.1383
    static let featureChannels = 64, hiddenSize = 256, layers = 2

    var convolutions: [Conv2d]
    var initialize: Linear
    var attendHidden: Linear, attendFeatures: Linear, attendScore: Linear
    var combine: Linear
    var gate: Linear
    var offsetEmbedding: Linear, startEmbedding: Linear
    var lstm: LSTMStack
    var output: Linear
    /// Dropout of the CNN, of the LSTM outputs/initial state/combined vector, and of the recurrent state
    /// (reference: 0.3, 0.3, 0.2; masks are drawn once per sequence and reused at every step).
    public var dropout = (convolution: 0.3, output: 0.3, recurrent: 0.2)
    /// The mixture reader (variance floor 1e-4 as the reference).
    public let head = MixtureDensityHead(components: components, regularization: 1e-4)

    /// A network with PyTorch's default random initialisation.
    public init(generator: inout SeededGenerator) {
        let (f, h) = (Self.featureChannels, Self.hiddenSize)
        convolutions = [Conv2d(1, 16, generator: &generator), Conv2d(16, 32, generator: &generator),
                        Conv2d(32, f, stride: 2, generator: &generator)]
        initialize = Linear(f + 16, h * Self.layers * 2, generator: &generator)
        attendHidden = Linear(h, 256, generator: &generator)
        attendFeatures = Linear(f, 256, generator: &generator)
        attendScore = Linear(256, 1, generator: &generator)
        combine = Linear(f + h + 32, 256, generator: &generator)
        gate = Linear(h, f, generator: &generator)
        offsetEmbedding = Linear(2, 16, generator: &generator)
        startEmbedding = Linear(2, 16, generator: &generator)
        lstm = LSTMStack(inputSize: f + 16, hiddenSize: h, layers: Self.layers, generator: &generator)
        output = Linear(256, head.width + 1, generator: &generator)
    }

    /// The recurrent state of a batch of strokes being drawn (or scored) step by step.
    public struct State: Sendable {
        /// Feature map `[N, 196, 64]` and its attention projection `[N, 196, 256]`.
        var features: Tensor, projected: Tensor
        /// Embedded start `[N, 16]`.
        var start: Tensor
        /// Per-layer hidden and cell states `[N, 256]`, and the (dropped-out) top output the attention reads.
        var hidden: [Tensor], cell: [Tensor], top: Tensor
        /// Per-sequence dropout masks (nil in evaluation).
        var topMask: Tensor?, recurrentMasks: [Tensor]?, combineMask: Tensor?

        /// Keeps the first `count` sequences (the batch is sorted longest first, so finished ones drop off the end).
        mutating func keepFirst(_ count: Int) {
            guard count < features.shape[0] else { return }
            func cut(_ t: Tensor) -> Tensor { t.sliced(axis: 0, 0..<count) }
            features = cut(features); projected = cut(projected); start = cut(start)
            hidden = hidden.map(cut); cell = cell.map(cut); top = cut(top)
            topMask = topMask.map(cut); recurrentMasks = recurrentMasks?.map(cut); combineMask = combineMask.map(cut)
        }
    }

    /// Starts strokes at `starts [N, 2]` on canvases `[N, 1, 28, 28]`.
    public mutating func begin(canvases: Tensor, starts: Tensor, pass: inout ForwardPass) -> State {
        let maps = featureMaps(canvases, pass: &pass)
        return begin(features: maps.features, projected: maps.projected, starts: starts, pass: &pass)
    }

    /// The canvases' feature maps `[N, 196, 64]` and their attention projections `[N, 196, 256]`.
    mutating func featureMaps(_ canvases: Tensor, pass: inout ForwardPass) -> (features: Tensor, projected: Tensor) {
        let n = canvases.shape[0]
        var x = (canvases - Self.canvasMean) / Self.canvasDeviation
        x = pass.dropout(convolutions[0](x).relu(), dropout.convolution)
        x = pass.dropout(convolutions[1](x).relu(), dropout.convolution)
        x = convolutions[2](x).tanh()                                                   // [N, 64, 14, 14]
        let features = x.reshaped([n, Self.featureChannels, 196]).permuted([0, 2, 1])   // [N, 196, 64]
        return (features, attendFeatures(features))
    }

    /// Starts strokes at `starts [N, 2]` on canvases whose ``featureMaps(_:pass:)`` are given.
    mutating func begin(features: Tensor, projected: Tensor, starts: Tensor, pass: inout ForwardPass) -> State {
        let n = features.shape[0], h = Self.hiddenSize
        let start = startEmbedding(starts).tanh()
        let initial = pass.dropout(initialize(Tensor.concatenate([features.mean(axis: 1), start], axis: 1)).tanh(),
                                   dropout.output)                             // [N, H * layers * 2]
        // The reference views the initial vector as (N, H, layers, 2): unit j of layer l's hidden state
        // sits at (j * layers + l) * 2, its cell state one further.
        func slot(_ layer: Int, _ which: Int) -> Tensor {
            initial.gathered(axis: 1, indices: (0..<h).map { ($0 * Self.layers + layer) * 2 + which })
        }
        let hidden = (0..<Self.layers).map { slot($0, 0) }, cell = (0..<Self.layers).map { slot($0, 1) }
        return State(features: features, projected: projected, start: start,
                     hidden: hidden, cell: cell, top: hidden[Self.layers - 1],
                     topMask: pass.dropoutMask([n, h], dropout.output),
                     recurrentMasks: pass.isTraining && dropout.recurrent > 0
                         ? (0..<Self.layers).compactMap { _ in pass.dropoutMask([n, h], dropout.recurrent) } : nil,
                     combineMask: pass.dropoutMask([n, 256], dropout.output))
    }

    /// One step: reads the previous offsets `[N, 2]` (zero at the first step) and returns the raw outputs
    /// `[N, 121]` (mixture for the next offset, then the stop logit).
    public mutating func step(_ state: inout State, previousOffsets: Tensor, pass: inout ForwardPass) -> Tensor {
        let n = state.features.shape[0]
        let offset = offsetEmbedding(previousOffsets).tanh()                                    // [N, 16]
        let scores = Tensor.additiveAttentionScores(projected: state.projected, query: attendHidden(state.top),
                                                    weight: attendScore.weight, bias: attendScore.bias)
        let attention = scores.softmax(axis: -1)                                               // [N, 196]
        let context = Tensor.matmul(attention.reshaped([n, 1, 196]), state.features).reshaped([n, Self.featureChannels])
        let gated = gate(state.top).sigmoid() * context
        let dropoutRate = dropout.output
        var generator = pass.generator
        let next = lstm.step(Tensor.concatenate([offset, gated], axis: 1), hidden: state.hidden, cell: state.cell) { x in
            pass.isTraining ? x.dropout(probability: dropoutRate, using: &generator) : x
        }
        pass.generator = generator
        var top = next.hidden[Self.layers - 1]
        if let mask = state.topMask { top = top * mask }
        state.hidden = state.recurrentMasks.map { masks in zip(next.hidden, masks).map { $0 * $1 } } ?? next.hidden
        state.cell = next.cell
        state.top = top
        var combined = combine(Tensor.concatenate([top, gated, offset, state.start], axis: 1)).tanh()
        if let mask = state.combineMask { combined = combined * mask }
        return output(combined)
    }

    /// The losses of whole strokes: per stroke, its start `[N, 2]`, canvas `[N, 1, 28, 28]` and offsets
    /// (network space, at least one each). Offset rows score each offset under the step's mixture; stop rows
    /// score the stop flag at steps 1...L (0 until the last offset, then 1). The flag at step 0 is not
    /// modelled: a stroke has at least one offset, so the generative program never asks it.
    public mutating func losses(canvases: Tensor, starts: Tensor, offsets: [[SIMD2<Float>]],
                                pass: inout ForwardPass) -> StrokeLosses {
        let schedule = TeacherForcing(offsets: offsets)
        var state = begin(canvases: canvases.gathered(axis: 0, indices: schedule.order),
                          starts: starts.gathered(axis: 0, indices: schedule.order), pass: &pass)
        return schedule.losses(head: head) { strokes, previousOffsets in
            state.keepFirst(strokes)
            return step(&state, previousOffsets: previousOffsets, pass: &pass)
        }
    }

    public mutating func visitParameters(prefix: String, _ body: (String, inout Tensor) -> Void) {
        for (index, layer) in [0, 3, 6].enumerated() { convolutions[index].visitParameters(prefix: join(prefix, "cnn.features.\(layer)"), body) }
        initialize.visitParameters(prefix: join(prefix, "f_init.net.0"), body)
        attendHidden.visitParameters(prefix: join(prefix, "f_att.U"), body)
        attendFeatures.visitParameters(prefix: join(prefix, "f_att.W"), body)
        attendScore.visitParameters(prefix: join(prefix, "f_att.v"), body)
        combine.visitParameters(prefix: join(prefix, "f_combine.net.0"), body)
        gate.visitParameters(prefix: join(prefix, "f_beta.0"), body)
        offsetEmbedding.visitParameters(prefix: join(prefix, "x_embed.0"), body)
        startEmbedding.visitParameters(prefix: join(prefix, "s_embed.0"), body)
        lstm.visitParameters(prefix: join(prefix, "lstm"), body)
        output.visitParameters(prefix: join(prefix, "output"), body)
    }
}

/// The per-row losses of a batch of strokes, with the stroke each row belongs to.
public struct StrokeLosses {
    /// Negative log-density of each offset.
    public let offsets: Tensor
    /// The stroke (index into the batch) of each offset row.
    public let offsetStrokes: [Int]
    /// Negative log-probability of each stop flag.
    public let stops: Tensor
    /// The stroke of each stop row.
    public let stopStrokes: [Int]
    /// The number of strokes in the batch.
    public let strokeCount: Int

    /// The mean over strokes of each stroke's summed loss (the training objective), differentiable.
    public var meanPerStroke: Tensor { (offsets.sum() + stops.sum()) / Double(strokeCount) }

    /// Each stroke's summed offset and stop losses, in Double.
    public var perStroke: (offsets: [Double], stops: [Double]) {
        var offsetTotals = [Double](repeating: 0, count: strokeCount), stopTotals = offsetTotals
        for (row, stroke) in offsetStrokes.enumerated() { offsetTotals[stroke] += Double(offsets.scalars[row]) }
        for (row, stroke) in stopStrokes.enumerated() { stopTotals[stroke] += Double(stops.scalars[row]) }
        return (offsetTotals, stopTotals)
    }
}

/// How strokes of different lengths are scored together, one step at a time with the true previous offset as
/// input (teacher forcing): sorted longest first, so the strokes still drawing are always the first rows.
struct TeacherForcing: Sendable {
    let offsets: [[SIMD2<Float>]]
    /// The batch rows in stepping order (longest stroke first), and their lengths.
    let order: [Int], lengths: [Int]

    init(offsets: [[SIMD2<Float>]]) {
        precondition(offsets.allSatisfy { !$0.isEmpty }, "every stroke needs at least one offset")
        self.offsets = offsets
        order = offsets.indices.sorted { offsets[$0].count > offsets[$1].count }
        lengths = order.map { offsets[$0].count }
    }

    /// Runs the steps t = 0...longest through `step(strokes, previousOffsets [strokes, 2]) -> raw [strokes, 121]`,
    /// where `strokes` counts the first strokes of `order` still in the state, and scores what it returns.
    func losses(head: MixtureDensityHead, _ step: (_ strokes: Int, _ previousOffsets: Tensor) -> Tensor) -> StrokeLosses {
        var offsetRows: [Tensor] = [], offsetTargets: [Float] = [], offsetStrokes: [Int] = []
        var stopRows: [Tensor] = [], stopTargets: [Float] = [], stopStrokes: [Int] = []
        var rows = order.count
        for t in 0...(lengths.first ?? 0) {
            let active = lengths.prefix { $0 >= t }.count            // still needs a stop flag at step t
            // Finished strokes ride along (their outputs are ignored) until a quarter of the rows are done:
            // cutting the tensor path's state copies the [N, 196, 256] attention projection and its gradient,
            // so cutting at every step would cost more than the rows it saves.
            if active * 4 <= rows * 3 { rows = active }
            var previous = [Float](repeating: 0, count: 2 * rows)
            if t > 0 {
                for row in 0..<active { let o = offsets[order[row]][t - 1]; previous[2 * row] = o.x; previous[2 * row + 1] = o.y }
            }
            let raw = step(rows, Tensor(shape: [rows, 2], scalars: previous))
            let parts = raw.split([head.width, 1], axis: 1)
            let drawing = lengths.prefix { $0 > t }.count              // has an offset at step t
            if drawing > 0 {
                offsetRows.append(parts[0].sliced(axis: 0, 0..<drawing))
                for row in 0..<drawing { let o = offsets[order[row]][t]; offsetTargets += [o.x, o.y]; offsetStrokes.append(order[row]) }
            }
            if t > 0 {
                stopRows.append(parts[1].sliced(axis: 0, 0..<active))
                for row in 0..<active { stopTargets.append(lengths[row] == t ? 1 : 0); stopStrokes.append(order[row]) }
            }
        }
        let offsetLosses = head.negativeLogLikelihood(Tensor.concatenate(offsetRows, axis: 0),
                                                      targets: Tensor(shape: [offsetStrokes.count, 2], scalars: offsetTargets))
        let stopLosses = bernoulliNegativeLogLikelihood(
            logits: Tensor.concatenate(stopRows, axis: 0).reshaped([stopStrokes.count]),
            targets: Tensor(shape: [stopStrokes.count], scalars: stopTargets))
        return StrokeLosses(offsets: offsetLosses, offsetStrokes: offsetStrokes, stops: stopLosses, stopStrokes: stopStrokes,
                            strokeCount: offsets.count)
    }
}
