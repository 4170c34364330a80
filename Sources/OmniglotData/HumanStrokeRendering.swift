import Render

/// A drawing's renders, stroke by stroke and together, with where each stroke starts.
public struct StrokeRenders: Sendable {
    /// The 105x105 row-major on-probabilities of all strokes together.
    public let combined: [Float]
    /// One 105x105 render per stroke, in drawing order (for colouring strokes apart).
    public let strokes: [[Float]]
    /// Where each stroke starts, in motor space.
    public let starts: [SIMD2<Double>]
}

/// A drawing's human strokes put through the GNS renderer, either as fitted splines or as the raw pen
/// trajectories, to compare with the official image or to look at.
///
/// No stroke is dropped (unlike training preprocessing, which drops strokes shorter than 20 pixels): the
/// official image shows every stroke. Splines are the minimal fits of `Render`'s `SplineFit.minimal`.
public struct HumanStrokeRendering: Sendable {
    /// The blur of the renders (pixels).
    public var blurSigma: Double
    /// Pixel noise of the renders.
    public var epsilon: Double

    /// Renders with the given blur and pixel noise (defaults: sharp, as the type prior's canvases, and no
    /// noise, so the probabilities are the ink map itself).
    public init(blurSigma: Double = RenderConstants.sharpBlurSigma, epsilon: Double = 0) {
        self.blurSigma = blurSigma
        self.epsilon = epsilon
    }

    /// The minimal-spline control points (motor space) of every stroke; `label` names the drawing in errors.
    public func splines(_ strokes: [Stroke], label: String) throws(OmniglotError) -> [[SIMD2<Double>]] {
        try StrokePreprocessing(minimumLength: 0).splines(strokes, label: label)
    }

    /// Renders splines (absolute motor-space control points), each stroke alone and all together.
    public func render(splines: [[SIMD2<Double>]], with renderer: Renderer) -> StrokeRenders {
        func token(_ strokes: [[SIMD2<Double>]]) -> RenderToken {
            RenderToken(strokes: strokes.map { RenderStroke(absolute: $0) }, blurSigma: blurSigma, epsilon: epsilon)
        }
        return StrokeRenders(
            combined: renderer.probabilities(token(splines)),
            strokes: splines.map { renderer.probabilities(token([$0])) },
            starts: splines.map { BSpline.evaluate($0, evaluationCount: 1)[0] })
    }

    /// Renders raw pen trajectories, each stroke alone and all together.
    ///
    /// The pen was sampled in time, so fast movements leave points several pixels apart; the renderer inks
    /// points, not segments, so each segment gets points at most `trajectorySpacing` apart first (the
    /// recorded points are all kept), as the collection's drawing program joined the samples with lines.
    public func render(trajectories strokes: [Stroke], with renderer: Renderer) -> StrokeRenders {
        func probabilities(_ strokes: [Stroke]) -> [Float] {
            renderer.probabilities(trajectories: strokes.map { Self.joined($0.points) }, blurSigma: blurSigma, epsilon: epsilon)
        }
        return StrokeRenders(combined: probabilities(strokes), strokes: strokes.map { probabilities([$0]) },
                             starts: strokes.compactMap(\.points.first))
    }

    /// Largest distance (pixels) between successive points of a raw trajectory as rendered.
    public static let trajectorySpacing = 1.0

    /// The polyline with points inserted evenly on every segment longer than `trajectorySpacing`.
    static func joined(_ points: [SIMD2<Double>]) -> [SIMD2<Double>] {
        guard var previous = points.first else { return [] }
        var result = [previous]
        for point in points.dropFirst() {
            let d = point - previous
            let pieces = Int(((d * d).sum().squareRoot() / trajectorySpacing).rounded(.up))
            if pieces > 1 { for i in 1..<pieces { result.append(previous + Double(i) / Double(pieces) * d) } }
            result.append(point)
            previous = point
        }
        return result
    }

    /// Intersection over union of the ink of two images of equal size: pixels above `threshold` in each.
    /// An image pair with no ink in either is a perfect match (1).
    public static func inkIntersectionOverUnion(_ a: [Float], _ b: [Float], threshold: Float = 0.5) -> Double {
        precondition(a.count == b.count, "images of different sizes")
        var both = 0, either = 0
        for (x, y) in zip(a, b) {
            let inkA = x > threshold, inkB = y > threshold
            if inkA && inkB { both += 1 }
            if inkA || inkB { either += 1 }
        }
        return either == 0 ? 1 : Double(both) / Double(either)
    }
}
