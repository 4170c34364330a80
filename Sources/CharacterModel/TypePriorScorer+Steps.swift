import Kernels
import Render

/// One stroke added to a type that is drawn stroke by stroke: which strokes came before, the stroke, and whether
/// the type ends with it.
public struct TypeStep: Sendable, Equatable {
    /// Index into the prefixes the steps are scored with: the strokes drawn before this one.
    public var prefix: Int
    /// The stroke's motor-space control points (at least two; the first is its start).
    public var stroke: [SIMD2<Double>]
    /// Whether the type ends with this stroke (the termination flag after it).
    public var finishes: Bool

    /// The step that draws `stroke` after prefix number `prefix`, ending the type if `finishes`.
    public init(prefix: Int, stroke: [SIMD2<Double>], finishes: Bool) {
        self.prefix = prefix
        self.stroke = stroke
        self.finishes = finishes
    }
}

extension TypePriorScorer {
    /// Negative log-probability of each step, split by network: the stroke's start given the prefix's canvas
    /// and its last end point, its offsets and stop flags, and the termination flag (`finishes`) on the canvas
    /// after it. The type prior factorises stroke by stroke, so the steps that draw a type sum to
    /// ``negativeLogLikelihood(splines:)`` of it: a search over stroke orders scores each shared prefix once and
    /// only the new stroke of each candidate. `prefixes` are lists of strokes (motor-space control points,
    /// possibly empty); steps are scored `batchSize` at a time, as ``negativeLogLikelihoods(of:batchSize:)``.
    public func stepNegativeLogLikelihoods(prefixes: [[[SIMD2<Double>]]], steps: [TypeStep], batchSize: Int = 64) -> [TypeLosses] {
        precondition(batchSize > 0, "a batch needs at least one step")
        precondition(steps.allSatisfy { prefixes.indices.contains($0.prefix) && $0.stroke.count >= 2 },
                     "a step names one of the prefixes and has at least two control points")
        let all = TypeExampleSet(prefixes: prefixes, steps: steps)
        return stride(from: 0, to: steps.count, by: batchSize).flatMap { first in
            let rows = first..<min(first + batchSize, steps.count)
            return rowLosses(TypeExampleSet(canvases: all.canvases, strokes: Array(all.strokes[rows]),
                                            terminations: Array(all.terminations[rows])))
        }
    }
}

extension TypeExampleSet {
    /// One row per step: its stroke on its prefix's canvas, and its termination flag on the canvas after it.
    /// Canvas p is prefix p's; canvas `prefixes.count + s` is step s's result. Rendering is spread over the cores.
    init(prefixes: [[[SIMD2<Double>]]], steps: [TypeStep]) {
        let drawn = prefixes + steps.map { prefixes[$0.prefix] + [$0.stroke] }
        let rendered = Parallel.map(drawn.indices, makeState: { Renderer() }) { renderer, i in
            let token = RenderToken(strokes: drawn[i].map { RenderStroke(absolute: $0) }, blurSigma: 0.5, epsilon: 0)
            return NetworkSpace.downsized(renderer.probabilities(token))
        }
        self.init(canvases: rendered.flatMap { $0 }, strokes: steps.map { step in
            let prefix = prefixes[step.prefix]
            let previous = prefix.last.map { NetworkSpace.fromMotor($0[$0.count - 1]) } ?? NetworkSpace.previousBeforeFirstStroke
            return StrokeExample.examples(of: [step.stroke], firstCanvas: step.prefix, previous: previous)[0]
        }, terminations: steps.indices.map { (prefixes.count + $0, steps[$0].finishes) })
    }
}
