import Kernels
import Foundation

/// The differentiable GNS renderer, and the reusable workspace that makes it allocation-free per call.
///
/// Pipeline (the reference's, pyBPL `rendering.py` and GNS `renderer.py`): warp the control points, evaluate
/// each spline at its adaptive density, drop trajectory points off the canvas, paint ink proportional to the
/// distance from the previous point (capped at `maxInkDistance`, each stroke topped up to at least
/// `inkPerPoint`) shared bilinearly among the 4 nearest pixels, broaden with `broadenCount` 3x3 convolutions,
/// clamp to [0, 1], blur twice with an 11x11 Gaussian of the token's sigma (separably), clamp to [0, 1], and
/// mix with pixel noise: `p = (1 - epsilon) * ink + epsilon * (1 - ink)`. Deviation: the reference skips the
/// pixel noise when sigma is 0; here epsilon always applies (it keeps the likelihood finite).
///
/// Every stage works only on the bounding box of the ink, grown by each filter's reach; outside it every
/// pixel's probability is exactly epsilon, which `BinaryImage`'s summed-area table accounts for in O(1).
/// The backward pass is written by hand against the stored forward intermediates.
/// Not thread-safe: use one renderer per thread.
public final class Renderer {
    static let size = Coordinates.canvasSize
    /// Zero margin around each plane so filters read past the canvas edge without bounds checks (>= blur reach).
    static let margin = 6
    static let stride = size + 2 * margin
    static let blurRadius = RenderConstants.blurFilterSize / 2

    // Image planes (padded, row-major); margins are always zero.
    let ink = Plane(), broadened1 = Plane(), broadened2 = Plane(), clamped = Plane()
    let blurRows1 = Plane(), blurred1 = Plane(), blurRows2 = Plane(), blurred2 = Plane()
    let gradFinal = Plane(), gradColumns = Plane(), gradBlurred1 = Plane(), gradClamped = Plane()
    let gradBroadened1 = Plane(), gradInk = Plane(), scratch = Plane()
    /// Every plane, for the reset at the start of a call (built once: no allocation per call).
    private lazy var allPlanes: [Plane] = [
        ink, broadened1, broadened2, clamped, blurRows1, blurred1, blurRows2, blurred2,
        gradFinal, gradColumns, gradBlurred1, gradClamped, gradBroadened1, gradInk, scratch,
    ]

    // Forward record of the last call, read by the backward pass.
    private var warped: [SIMD2<Double>] = []
    private var absolute: [SIMD2<Double>] = []
    private var centre = SIMD2<Double>.zero
    private var strokeFirstControl: [Int] = []
    private var evaluationCounts: [Int] = []
    private var trajectory: [SIMD2<Double>] = []   // image space (row, column)
    private var strokeFirstPoint: [Int] = []
    private var kept: [Int] = []                   // trajectory indices on the canvas, stroke by stroke
    private var strokeFirstKept: [Int] = []
    private var rawInk: [Float] = []
    private var inkAmount: [Float] = []
    private var inkScale: [Float] = []             // per stroke: ink = inkScale * raw, or 0 for uniform fill
    private var trajectoryGradient: [SIMD2<Double>] = []
    private var controlGradient: [SIMD2<Double>] = []
    private var rawGradient: [Float] = []
    var basisCache: [Int: SparseBasis] = [:]
    var gaussian = [Float](repeating: 0, count: RenderConstants.blurFilterSize)
    var gaussianSlope = [Float](repeating: 0, count: RenderConstants.blurFilterSize)
    private var inkRegion = Region.empty, finalRegion = Region.empty
    private var blurSigma = 0.0, epsilon = 0.0
    /// Whether some trajectory point of the last render fell off the canvas.
    public private(set) var inkOffPage = false

    /// A renderer with its planes allocated; reuse it across calls.
    public init() {}

    // MARK: Public entry points

    /// Renders `token` and returns its 105x105 row-major on-probabilities.
    public func probabilities(_ token: RenderToken) -> [Float] {
        var out = [Float](repeating: 0, count: Self.size * Self.size)
        render(token)
        copyProbabilities(into: &out)
        return out
    }

    /// Renders `token` and writes its 105x105 row-major on-probabilities into `out` (resized if needed).
    public func probabilities(_ token: RenderToken, into out: inout [Float]) {
        if out.count != Self.size * Self.size { out = [Float](repeating: 0, count: Self.size * Self.size) }
        render(token)
        copyProbabilities(into: &out)
    }

    /// The Bernoulli log-likelihood of `image` under the rendering of `token`.
    public func logLikelihood(_ token: RenderToken, image: BinaryImage) -> Double {
        render(token)
        return likelihood(image: image, gradient: false).value
    }

    /// The Bernoulli log-likelihood of `image` under `token`, and its gradient with respect to every token field.
    ///
    /// `gradient` is overwritten; reusing one across calls with same-shaped tokens allocates nothing.
    public func logLikelihood(_ token: RenderToken, image: BinaryImage, gradient: inout RenderGradient) -> Double {
        render(token)
        let (value, gradEpsilon, gradSigma) = likelihood(image: image, gradient: true)
        backward(token, into: &gradient)
        gradient.epsilon = gradEpsilon
        gradient.blurSigma += gradSigma
        return value
    }

    /// Renders polylines given point by point in motor space (e.g. a drawing's raw pen trajectories, no
    /// spline) through the same ink, broadening, blur and pixel-noise stages, and returns the 105x105
    /// row-major on-probabilities. No gradient: this is for looking at and scoring data.
    public func probabilities(trajectories: [[SIMD2<Double>]], blurSigma: Double, epsilon: Double) -> [Float] {
        begin(blurSigma: blurSigma, epsilon: epsilon)
        trajectory.removeAll(keepingCapacity: true)
        strokeFirstPoint.removeAll(keepingCapacity: true)
        for points in trajectories {
            strokeFirstPoint.append(trajectory.count)
            for point in points { trajectory.append(Coordinates.imageFromMotor(point)) }
        }
        strokeFirstPoint.append(trajectory.count)
        paintAndFilter()
        var out = [Float](repeating: 0, count: Self.size * Self.size)
        copyProbabilities(into: &out)
        return out
    }

    /// The renders after each stroke: element `k` shows the first `k` strokes (element 0 is blank), `strokes + 1` in all.
    public func partialProbabilities(_ token: RenderToken) -> [[Float]] {
        (0...token.strokes.count).map { k in
            var prefix = token
            prefix.strokes = Array(token.strokes.prefix(k))
            return probabilities(prefix)
        }
    }

    // MARK: Forward

    private func render(_ token: RenderToken) {
        begin(blurSigma: token.blurSigma, epsilon: token.epsilon)
        warpAndEvaluate(token)
        paintAndFilter()
    }

    /// Resets the workspace for a new render.
    private func begin(blurSigma: Double, epsilon: Double) {
        for plane in allPlanes { plane.clearDirty() }
        self.blurSigma = blurSigma
        self.epsilon = epsilon
    }

    /// Paints `trajectory` (image space, stroke by stroke) and runs the image filters.
    private func paintAndFilter() {
        paint()
        // Broadening: two 3x3 passes, then clamp to [0, 1].
        let r1 = inkRegion.grown(by: 1), r2 = inkRegion.grown(by: 2)
        broaden(from: ink, to: broadened1, region: r1)
        broaden(from: broadened1, to: broadened2, region: r2)
        clamp(from: broadened2, to: clamped, region: r2)
        if blurSigma > 0 {
            setGaussian(sigma: blurSigma)
            let reach = Self.blurRadius
            let pass1 = r2.grown(rows: 0, columns: reach), pass2 = r2.grown(rows: reach, columns: 2 * reach)
            convolveRows(from: clamped, to: blurRows1, region: pass1, taps: gaussian)
            convolveColumns(from: blurRows1, to: blurred1, region: r2.grown(by: reach), taps: gaussian)
            convolveRows(from: blurred1, to: blurRows2, region: pass2, taps: gaussian)
            convolveColumns(from: blurRows2, to: blurred2, region: r2.grown(by: 2 * reach), taps: gaussian)
            finalRegion = r2.grown(by: 2 * reach)
        } else {
            finalRegion = r2
        }
    }

    /// The plane whose clamp to [0, 1] is the ink map before pixel noise.
    private var finalPlane: Plane { blurSigma > 0 ? blurred2 : broadened2 }

    private func warpAndEvaluate(_ token: RenderToken) {
        absolute.removeAll(keepingCapacity: true)
        strokeFirstControl.removeAll(keepingCapacity: true)
        for stroke in token.strokes {
            strokeFirstControl.append(absolute.count)
            for point in stroke.controlPoints { absolute.append(stroke.start + point) }
        }
        strokeFirstControl.append(absolute.count)
        centre = .zero
        for point in absolute { centre += point }
        if !absolute.isEmpty { centre /= Double(absolute.count) }
        warped.removeAll(keepingCapacity: true)
        for point in absolute { warped.append(token.warp(point, about: centre)) }

        trajectory.removeAll(keepingCapacity: true)
        strokeFirstPoint.removeAll(keepingCapacity: true)
        evaluationCounts.removeAll(keepingCapacity: true)
        for s in token.strokes.indices {
            let first = strokeFirstControl[s], n = strokeFirstControl[s + 1] - first
            strokeFirstPoint.append(trajectory.count)
            guard n > 0 else { evaluationCounts.append(0); continue }
            // Adaptive density from the length at the maximum density (as the reference).
            let dense = basis(controlPoints: n, evaluations: BSpline.maxEvaluationCount)
            var length = 0.0, previous = SIMD2<Double>.zero
            for i in 0..<BSpline.maxEvaluationCount {
                let p = dense.point(i, first: first, controls: warped)
                if i > 0 { length += ((p - previous) * (p - previous)).sum().squareRoot() }
                previous = p
            }
            let m = BSpline.evaluationCount(forLength: length)
            evaluationCounts.append(m)
            let sparse = basis(controlPoints: n, evaluations: m)
            for i in 0..<m { trajectory.append(Coordinates.imageFromMotor(sparse.point(i, first: first, controls: warped))) }
        }
        strokeFirstPoint.append(trajectory.count)
    }

    private func paint() {
        let size = Double(Self.size)
        let perPoint = RenderConstants.inkPerPoint, maxDistance = RenderConstants.maxInkDistance
        kept.removeAll(keepingCapacity: true)
        strokeFirstKept.removeAll(keepingCapacity: true)
        rawInk.removeAll(keepingCapacity: true)
        inkAmount.removeAll(keepingCapacity: true)
        inkScale.removeAll(keepingCapacity: true)
        inkOffPage = false
        var region = Region.empty
        for s in 0..<(strokeFirstPoint.count - 1) {
            strokeFirstKept.append(kept.count)
            let start = kept.count
            for i in strokeFirstPoint[s]..<strokeFirstPoint[s + 1] {
                let p = trajectory[i]
                let inside = p.x.rounded(.down) >= 0 && p.x.rounded(.up) < size
                    && p.y.rounded(.down) >= 0 && p.y.rounded(.up) < size
                if inside { kept.append(i) } else { inkOffPage = true }
            }
            let count = kept.count - start
            guard count > 0 else { inkScale.append(0); continue }
            // Raw ink: proportional to the distance from the previous kept point; the first point copies the second's.
            var total: Float = 0
            for j in 0..<count {
                let raw: Float
                if count == 1 {
                    raw = perPoint
                } else {
                    let a = j == 0 ? 1 : j
                    let d = trajectory[kept[start + a]] - trajectory[kept[start + a - 1]]
                    raw = perPoint / maxDistance * min(Float((d * d).sum().squareRoot()), maxDistance)
                }
                rawInk.append(raw)
                total += raw
            }
            // Top up short strokes to `inkPerPoint` in total (uniformly if they have next to no ink).
            let scale: Float = total < 2.22e-6 ? 0 : (total < perPoint ? perPoint / total : 1)
            inkScale.append(scale)
            for j in 0..<count {
                let amount = scale == 0 ? perPoint / Float(count) : scale * rawInk[start + j]
                inkAmount.append(amount)
                let p = trajectory[kept[start + j]]
                let r0 = Int(p.x.rounded(.down)), c0 = Int(p.y.rounded(.down))
                let r1 = Int(p.x.rounded(.up)), c1 = Int(p.y.rounded(.up))
                let fr = Float(p.x - Double(r0)), fc = Float(p.y - Double(c0))
                ink[r0, c0] += amount * (1 - fr) * (1 - fc)
                ink[r1, c0] += amount * fr * (1 - fc)
                ink[r0, c1] += amount * (1 - fr) * fc
                ink[r1, c1] += amount * fr * fc
                region.include(row: r0, column: c0)
                region.include(row: r1, column: c1)
            }
        }
        strokeFirstKept.append(kept.count)
        inkRegion = region
        ink.markDirty(region)
    }

    // MARK: Likelihood

    /// Log-likelihood of `image` under the last render; with `gradient`, also fills `gradFinal`
    /// (d/d pre-clamp final plane) and returns d/d epsilon and d/d sigma (the latter 0 here; see `backward`).
    ///
    /// Only the final region needs per-pixel logarithms (eight at a time, `SIMD8.logarithm`); outside it
    /// every pixel's probability is epsilon, so that part is two counts times two constant logarithms.
    private func likelihood(image: BinaryImage, gradient: Bool) -> (value: Double, epsilon: Double, sigma: Double) {
        let tiny = Float.ulpOfOne
        let region = finalRegion, width = region.columns.count
        var value = 0.0, gradEpsilon = 0.0
        let source = finalPlane
        let pixel = PixelLikelihood(epsilon: Float(epsilon))
        image.pixels.withUnsafeBufferPointer { observed in
            for r in region.rows where width > 0 {
                let raw = source.storage + source.offset(r, region.columns.lowerBound)
                let seen = observed.baseAddress! + r * Self.size + region.columns.lowerBound
                let grad = gradFinal.storage + gradFinal.offset(r, region.columns.lowerBound)
                var rowValue = SIMD8<Float>(), rowGradEpsilon = SIMD8<Float>()
                var c = 0
                while c + 8 <= width {
                    let block = pixel.evaluate(raw: UnsafeRawPointer(raw + c).loadUnaligned(as: SIMD8<Float>.self),
                                               observed: UnsafeRawPointer(seen + c).loadUnaligned(as: SIMD8<Float>.self))
                    rowValue += block.value
                    if gradient {
                        rowGradEpsilon += block.gradEpsilon
                        UnsafeMutableRawPointer(grad + c).storeBytes(of: block.gradRaw, as: SIMD8<Float>.self)
                    }
                    c += 8
                }
                if c < width {
                    // The last partial block: padded lanes are evaluated but contribute nothing.
                    var rawTail = SIMD8<Float>(), seenTail = SIMD8<Float>(), valid = SIMDMask<SIMD8<Int32>>()
                    for lane in 0..<(width - c) {
                        rawTail[lane] = raw[c + lane]
                        seenTail[lane] = seen[c + lane]
                        valid[lane] = true
                    }
                    let block = pixel.evaluate(raw: rawTail, observed: seenTail)
                    rowValue += block.value.replacing(with: 0, where: .!valid)
                    if gradient {
                        rowGradEpsilon += block.gradEpsilon.replacing(with: 0, where: .!valid)
                        for lane in 0..<(width - c) { grad[c + lane] = block.gradRaw[lane] }
                    }
                }
                value += Double(rowValue.sum())
                gradEpsilon += Double(rowGradEpsilon.sum())
            }
        }
        if gradient { gradFinal.markDirty(region) }
        // Outside the region every pixel has probability epsilon exactly.
        let totalOn = image.onCount(rows: 0..<Self.size, columns: 0..<Self.size)
        let on = totalOn - image.onCount(rows: region.rows, columns: region.columns)
        let off = Self.size * Self.size - region.area - on
        let p = min(max(epsilon, Double(tiny)), 1 - Double(tiny))
        value += Double(on) * Foundation.log(p) + Double(off) * Foundation.log(1 - p)
        gradEpsilon += Double(on) / p - Double(off) / (1 - p)
        return (value, gradEpsilon, 0)
    }

    private func copyProbabilities(into out: inout [Float]) {
        let eps = Float(epsilon), gain = 1 - 2 * eps
        for i in out.indices { out[i] = eps }
        let source = finalPlane
        for r in finalRegion.rows {
            for c in finalRegion.columns { out[r * Self.size + c] = eps + gain * min(max(source[r, c], 0), 1) }
        }
    }

    // MARK: Backward

    private func backward(_ token: RenderToken, into gradient: inout RenderGradient) {
        var gradSigma = 0.0
        let r2 = inkRegion.grown(by: 2)
        let gradAtClamp: Plane
        if blurSigma > 0 {
            let reach = Self.blurRadius
            setGaussian(sigma: blurSigma)
            gradSigma += blurBackward(gradOut: gradFinal, input: blurred1, rowsPass: blurRows2,
                                      inputRegion: r2.grown(by: reach), gradInput: gradBlurred1)
            gradSigma += blurBackward(gradOut: gradBlurred1, input: clamped, rowsPass: blurRows1,
                                      inputRegion: r2, gradInput: gradClamped)
            // Through the clamp after broadening.
            maskByOpenUnitInterval(gradClamped, by: broadened2, region: r2)
            gradAtClamp = gradClamped
        } else {
            gradAtClamp = gradFinal
        }
        broaden(from: gradAtClamp, to: gradBroadened1, region: inkRegion.grown(by: 1))
        broaden(from: gradBroadened1, to: gradInk, region: inkRegion)
        paintBackward()
        warpBackward(token, into: &gradient)
        gradient.blurSigma = gradSigma
    }

    /// Back through one blur `out = V(H(input, g), g)` (`rowsPass` holds the forward `H(input, g)`): writes
    /// d/d input over `inputRegion` into `gradInput` and returns d/dsigma,
    /// `<V(gradOut, g), H(input, g')> + <V(gradOut, g'), H(input, g)>` (the filters are symmetric).
    private func blurBackward(gradOut: Plane, input: Plane, rowsPass: Plane, inputRegion: Region, gradInput: Plane) -> Double {
        let rowsRegion = inputRegion.grown(rows: 0, columns: Self.blurRadius)
        convolveColumns(from: gradOut, to: gradColumns, region: rowsRegion, taps: gaussian)
        convolveRows(from: input, to: scratch, region: rowsRegion, taps: gaussianSlope)
        var total = innerProduct(gradColumns, scratch, region: rowsRegion)
        convolveColumns(from: gradOut, to: scratch, region: rowsRegion, taps: gaussianSlope)
        total += innerProduct(scratch, rowsPass, region: rowsRegion)
        convolveRows(from: gradColumns, to: gradInput, region: inputRegion, taps: gaussian)
        return total
    }

    private func paintBackward() {
        let perPoint = RenderConstants.inkPerPoint, maxDistance = RenderConstants.maxInkDistance
        trajectoryGradient.removeAll(keepingCapacity: true)
        trajectoryGradient.append(contentsOf: repeatElement(.zero, count: trajectory.count))
        for s in 0..<(strokeFirstKept.count - 1) {
            let start = strokeFirstKept[s], count = strokeFirstKept[s + 1] - start
            guard count > 0 else { continue }
            // d/d ink amount and d/d position (image space) of each kept point.
            if rawGradient.count < count { rawGradient = [Float](repeating: 0, count: count) }
            var weightedSum: Float = 0
            for j in 0..<count {
                let p = trajectory[kept[start + j]]
                let r0 = Int(p.x.rounded(.down)), c0 = Int(p.y.rounded(.down))
                let r1 = Int(p.x.rounded(.up)), c1 = Int(p.y.rounded(.up))
                let fr = Float(p.x - Double(r0)), fc = Float(p.y - Double(c0))
                let g00 = gradInk[r0, c0], g10 = gradInk[r1, c0], g01 = gradInk[r0, c1], g11 = gradInk[r1, c1]
                let amount = inkAmount[start + j]
                let gInk = g00 * (1 - fr) * (1 - fc) + g10 * fr * (1 - fc) + g01 * (1 - fr) * fc + g11 * fr * fc
                let gRow = amount * ((g10 - g00) * (1 - fc) + (g11 - g01) * fc)
                let gColumn = amount * ((g01 - g00) * (1 - fr) + (g11 - g10) * fr)
                trajectoryGradient[kept[start + j]] += SIMD2(Double(gRow), Double(gColumn))
                rawGradient[j] = gInk
                weightedSum += gInk * rawInk[start + j]
            }
            let scale = inkScale[s]
            guard count > 1, scale != 0 else { continue }
            // Through the top-up: ink = perPoint * raw / total when total < perPoint.
            let total = perPoint / scale
            for j in 0..<count {
                if scale != 1 { rawGradient[j] = scale * (rawGradient[j] - weightedSum / total) }
            }
            // Through raw = perPoint / maxDistance * min(distance, maxDistance); the first point uses the second's distance.
            for a in 1..<count {
                let gDistance = (a == 1 ? rawGradient[0] + rawGradient[1] : rawGradient[a]) * perPoint / maxDistance
                let i = kept[start + a], h = kept[start + a - 1]
                let d = trajectory[i] - trajectory[h]
                let distance = (d * d).sum().squareRoot()
                guard distance > 0, Float(distance) < maxDistance else { continue }
                let g = Double(gDistance) / distance * d
                trajectoryGradient[i] += g
                trajectoryGradient[h] -= g
            }
        }
    }

    private func warpBackward(_ token: RenderToken, into gradient: inout RenderGradient) {
        controlGradient.removeAll(keepingCapacity: true)
        controlGradient.append(contentsOf: repeatElement(.zero, count: warped.count))
        for s in token.strokes.indices {
            let first = strokeFirstControl[s], n = strokeFirstControl[s + 1] - first, m = evaluationCounts[s]
            guard n > 0, m > 0 else { continue }
            let sparse = basis(controlPoints: n, evaluations: m)
            for i in 0..<m {
                let g = trajectoryGradient[strokeFirstPoint[s] + i]
                guard g != .zero else { continue }
                let motor = SIMD2(g.y, -g.x)  // image (row, column) gradient -> motor (x, y)
                sparse.accumulate(i, gradient: motor, first: first, into: &controlGradient)
            }
        }
        var sum = SIMD2<Double>.zero, scaleGrad = SIMD2<Double>.zero
        for k in warped.indices {
            sum += controlGradient[k]
            scaleGrad += controlGradient[k] * (absolute[k] - centre)
        }
        let meanTerm = warped.isEmpty ? .zero : (1 - token.scale) * sum / Double(warped.count)
        if gradient.starts.count != token.strokes.count {
            gradient.starts = [SIMD2<Double>](repeating: .zero, count: token.strokes.count)
        }
        if gradient.controlPoints.count != token.strokes.count { gradient.controlPoints = token.strokes.map { _ in [] } }
        for s in token.strokes.indices {
            let first = strokeFirstControl[s], n = strokeFirstControl[s + 1] - first
            if gradient.controlPoints[s].count != n {
                gradient.controlPoints[s] = [SIMD2<Double>](repeating: .zero, count: n)
            }
            var startGrad = SIMD2<Double>.zero
            for k in 0..<n {
                let g = token.scale * controlGradient[first + k] + meanTerm
                gradient.controlPoints[s][k] = g
                startGrad += g
            }
            gradient.starts[s] = startGrad
        }
        gradient.scale = scaleGrad
        gradient.translation = sum
    }
}
