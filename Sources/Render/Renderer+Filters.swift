import Foundation

/// The renderer's image filters over padded planes; inner loops run over contiguous columns so they vectorise.
extension Renderer {
    /// The cached sparse basis for `n` control points evaluated at `m` points.
    func basis(controlPoints n: Int, evaluations m: Int) -> SparseBasis {
        let key = n &* 4096 &+ m
        if let cached = basisCache[key] { return cached }
        let made = SparseBasis(controlPointCount: n, evaluationCount: m)
        basisCache[key] = made
        return made
    }

    /// Fills the normalised 1-D Gaussian taps for `sigma` and their derivative with respect to sigma.
    ///
    /// The reference's 2-D filter (MATLAB `fspecial`) is the outer product of these taps.
    func setGaussian(sigma: Double) {
        let size = RenderConstants.blurFilterSize, centre = size / 2
        var raw = [Double](repeating: 0, count: size), total = 0.0
        for k in 0..<size {
            let d = Double(k - centre)
            raw[k] = exp(-0.5 * d * d / (sigma * sigma))
            total += raw[k]
        }
        var meanSquare = 0.0
        for k in 0..<size {
            raw[k] /= total
            meanSquare += raw[k] * Double((k - centre) * (k - centre))
        }
        for k in 0..<size {
            let d = Double(k - centre)
            let negligible = raw[k] < Self.negligibleTap
            gaussian[k] = negligible ? 0 : Float(raw[k])
            gaussianSlope[k] = negligible ? 0 : Float(raw[k] * (d * d - meanSquare) / (sigma * sigma * sigma))
        }
    }

    /// Taps below this weight are zero. At small sigma the outer taps are tiny (1e-14 and 1e-22 four and five
    /// pixels out at sigma 0.5), and the second blur pass multiplied them into subnormal floats, which this CPU
    /// handles about a hundred times slower: rendering a drawing's partial canvases took 0.82 ms, 0.27 ms
    /// without them. What such a tap adds to a pixel (at most 1e-12, blurred ink being at most 1) is below the
    /// resolution of everything downstream: probabilities mixed with epsilon >= 1e-4, and network canvases
    /// z-scored around a mean of 0.0243.
    static let negligibleTap = 1e-12

    /// `target = source` correlated along rows with the centred `taps`, over `region`.
    func convolveRows(from source: Plane, to target: Plane, region: Region, taps: [Float]) {
        convolve(from: source, to: target, region: region, taps: taps, tapStride: 1)
    }

    /// `target = source` correlated along columns with the centred `taps`, over `region`.
    func convolveColumns(from source: Plane, to target: Plane, region: Region, taps: [Float]) {
        convolve(from: source, to: target, region: region, taps: taps, tapStride: Renderer.stride)
    }

    /// A 1-D correlation with the `blurFilterSize` taps `tapStride` floats apart, in blocks of eight columns.
    /// Four blocks share each tap so four fused multiply-add chains run side by side (one chain alone waits
    /// on its own latency); a row whose width is not a multiple of eight ends with a block overlapping the
    /// previous one (it writes the same values again) instead of a scalar tail.
    private func convolve(from source: Plane, to target: Plane, region: Region, taps: [Float], tapStride: Int) {
        guard !region.isEmpty else { return }
        let tapCount = RenderConstants.blurFilterSize
        precondition(taps.count == tapCount, "blur taps must number blurFilterSize")
        let reach = tapCount / 2, width = region.columns.count
        @inline(__always) func load(_ p: UnsafeMutablePointer<Float>) -> SIMD8<Float> {
            UnsafeRawPointer(p).loadUnaligned(as: SIMD8<Float>.self)
        }
        @inline(__always) func store(_ v: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>) {
            UnsafeMutableRawPointer(p).storeBytes(of: v, as: SIMD8<Float>.self)
        }
        taps.withUnsafeBufferPointer { t in
            let t = t.baseAddress!
            let blocks = (width + 7) / 8
            for r in region.rows {
                let out = target.storage + target.offset(r, region.columns.lowerBound)
                let input = source.storage + source.offset(r, region.columns.lowerBound) - reach &* tapStride
                guard width >= 8 else {
                    for c in 0..<width {
                        var sum: Float = 0
                        for k in 0..<tapCount { sum += t[k] * input[c &+ k &* tapStride] }
                        out[c] = sum
                    }
                    continue
                }
                var b = 0
                while b + 4 <= blocks {
                    let c0 = min(8 * b, width - 8), c1 = min(8 * b + 8, width - 8)
                    let c2 = min(8 * b + 16, width - 8), c3 = min(8 * b + 24, width - 8)
                    var s0 = SIMD8<Float>(), s1 = SIMD8<Float>(), s2 = SIMD8<Float>(), s3 = SIMD8<Float>()
                    for k in 0..<tapCount {
                        let tap = SIMD8<Float>(repeating: t[k]), row = input + k &* tapStride
                        s0.addProduct(tap, load(row + c0))
                        s1.addProduct(tap, load(row + c1))
                        s2.addProduct(tap, load(row + c2))
                        s3.addProduct(tap, load(row + c3))
                    }
                    store(s0, out + c0)
                    store(s1, out + c1)
                    store(s2, out + c2)
                    store(s3, out + c3)
                    b += 4
                }
                while b < blocks {
                    let c = min(8 * b, width - 8)
                    var even = SIMD8<Float>(), odd = SIMD8<Float>()
                    for k in Swift.stride(from: 0, to: tapCount - 1, by: 2) {
                        even.addProduct(SIMD8(repeating: t[k]), load(input + (c &+ k &* tapStride)))
                        odd.addProduct(SIMD8(repeating: t[k + 1]), load(input + (c &+ (k + 1) &* tapStride)))
                    }
                    even.addProduct(SIMD8(repeating: t[tapCount - 1]), load(input + (c &+ (tapCount - 1) &* tapStride)))
                    store(even + odd, out + c)
                    b += 1
                }
            }
        }
        target.markDirty(region)
    }

    /// One broadening pass: the reference's symmetric 3x3 filter, `b * [[a/12, a/6, a/12], [a/6, 1-a, a/6], ...]`.
    func broaden(from source: Plane, to target: Plane, region: Region) {
        guard !region.isEmpty else { return }
        let a = RenderConstants.broadenA, b = RenderConstants.broadenB
        let corner = b * a / 12, edge = b * a / 6, centre = b * (1 - a)
        let width = region.columns.count, stride = Renderer.stride
        for r in region.rows {
            let out = target.storage + target.offset(r, region.columns.lowerBound)
            let middle = source.storage + source.offset(r, region.columns.lowerBound)
            let above = middle - stride, below = middle + stride
            for c in 0..<width {
                let sides = above[c] + below[c] + middle[c - 1] + middle[c + 1]
                let corners = above[c - 1] + above[c + 1] + below[c - 1] + below[c + 1]
                out[c] = centre * middle[c] + edge * sides + corner * corners
            }
        }
        target.markDirty(region)
    }

    /// `target = min(max(source, 0), 1)` over `region`.
    func clamp(from source: Plane, to target: Plane, region: Region) {
        guard !region.isEmpty else { return }
        let width = region.columns.count
        for r in region.rows {
            let out = target.storage + target.offset(r, region.columns.lowerBound)
            let input = source.storage + source.offset(r, region.columns.lowerBound)
            for c in 0..<width { out[c] = min(max(input[c], 0), 1) }
        }
        target.markDirty(region)
    }

    /// Zeroes `gradient` where `preClamp` is outside the open interval (0, 1) (the clamp's derivative).
    func maskByOpenUnitInterval(_ gradient: Plane, by preClamp: Plane, region: Region) {
        guard !region.isEmpty else { return }
        let width = region.columns.count
        for r in region.rows {
            let g = gradient.storage + gradient.offset(r, region.columns.lowerBound)
            let x = preClamp.storage + preClamp.offset(r, region.columns.lowerBound)
            for c in 0..<width where !(x[c] > 0 && x[c] < 1) { g[c] = 0 }
        }
    }

    /// Sum over `region` of the pixelwise product.
    func innerProduct(_ a: Plane, _ b: Plane, region: Region) -> Double {
        guard !region.isEmpty else { return 0 }
        let width = region.columns.count
        var total = 0.0
        for r in region.rows {
            let x = a.storage + a.offset(r, region.columns.lowerBound)
            let y = b.storage + b.offset(r, region.columns.lowerBound)
            var row: Float = 0
            for c in 0..<width { row += x[c] * y[c] }
            total += Double(row)
        }
        return total
    }
}
