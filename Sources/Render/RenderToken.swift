/// One stroke of a character token: where it starts and its control points relative to that start.
public struct RenderStroke: Sendable, Equatable {
    /// Motor-space position the stroke's control points are relative to.
    public var start: SIMD2<Double>
    /// Motor-space control points of the uniform cubic B-spline, relative to `start` (at least one).
    public var controlPoints: [SIMD2<Double>]

    /// A stroke from its start and its relative control points.
    public init(start: SIMD2<Double>, controlPoints: [SIMD2<Double>]) {
        self.start = start
        self.controlPoints = controlPoints
    }

    /// A stroke from absolute motor-space control points (start at the origin).
    public init(absolute controlPoints: [SIMD2<Double>]) {
        self.init(start: .zero, controlPoints: controlPoints)
    }
}

/// Everything a character token carries into the renderer.
///
/// The affine warp is the reference's (BPL `MotorProgram`, pyBPL `apply_warp`): it scales about the centre of
/// mass `m` of all control points and then translates, `q = scale * (p - m) + m + translation`, applied to
/// control points before the splines are evaluated.
public struct RenderToken: Sendable, Equatable {
    /// The strokes, in drawing order.
    public var strokes: [RenderStroke]
    /// Per-axis scale of the affine warp (motor x, y).
    public var scale: SIMD2<Double>
    /// Translation of the affine warp (motor x, y).
    public var translation: SIMD2<Double>
    /// Standard deviation (pixels) of the Gaussian blur; 0 disables the blur.
    public var blurSigma: Double
    /// Pixel-noise probability: a pixel's on-probability is `(1 - epsilon) * ink + epsilon * (1 - ink)`.
    public var epsilon: Double

    /// A token; the warp defaults to the identity.
    public init(strokes: [RenderStroke], scale: SIMD2<Double> = [1, 1], translation: SIMD2<Double> = .zero,
                blurSigma: Double, epsilon: Double) {
        self.strokes = strokes
        self.scale = scale
        self.translation = translation
        self.blurSigma = blurSigma
        self.epsilon = epsilon
    }
}

extension RenderToken {
    /// `point` (absolute, motor space) under the warp, scaled about `centre` (the centre of mass of all control points).
    func warp(_ point: SIMD2<Double>, about centre: SIMD2<Double>) -> SIMD2<Double> {
        scale * (point - centre) + centre + translation
    }

    /// Every stroke's absolute control points after the warp: the points the splines are drawn through. A token of
    /// these under the identity warp (same blur and noise) renders the same image.
    public var warpedControlPoints: [[SIMD2<Double>]] {
        let absolute = strokes.map { stroke in stroke.controlPoints.map { stroke.start + $0 } }
        let all = absolute.joined()
        let centre = all.isEmpty ? SIMD2<Double>.zero : all.reduce(.zero, +) / Double(all.count)
        return absolute.map { $0.map { warp($0, about: centre) } }
    }
}

/// The gradient of a scalar (the image log-likelihood) with respect to every field of a `RenderToken`.
public struct RenderGradient: Sendable, Equatable {
    /// d/d start, per stroke.
    public var starts: [SIMD2<Double>] = []
    /// d/d relative control point, per stroke and control point.
    public var controlPoints: [[SIMD2<Double>]] = []
    /// d/d scale.
    public var scale: SIMD2<Double> = .zero
    /// d/d translation.
    public var translation: SIMD2<Double> = .zero
    /// d/d blur sigma.
    public var blurSigma: Double = 0
    /// d/d epsilon.
    public var epsilon: Double = 0

    /// An empty gradient; `Renderer` sizes it to the token (reusing its storage when the shape matches).
    public init() {}
}
