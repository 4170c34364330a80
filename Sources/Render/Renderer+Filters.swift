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
            gaussian[k] = Float(raw[k])
            gaussianSlope[k] = Float(raw[k] * (d * d - meanSquare) / (sigma * sigma * sigma))
        }
    }

    /// `target = source` correlated along rows with the centred `taps`, over `region`.
    func convolveRows(from source: Plane, to target: Plane, region: Region, taps: [Float]) {
        convolve(from: source, to: target, region: region, taps: taps, tapStride: 1)
    }

    /// `target = source` correlated along columns with the centred `taps`, over `region`.
    func convolveColumns(from source: Plane, to target: Plane, region: Region, taps: [Float]) {
        convolve(from: source, to: target, region: region, taps: taps, tapStride: Renderer.stride)
    }

    /// A 1-D correlation whose taps are `tapStride` floats apart: eight columns at a time in registers.
    private func convolve(from source: Plane, to target: Plane, region: Region, taps: [Float], tapStride: Int) {
        guard !region.isEmpty else { return }
        let reach = taps.count / 2, width = region.columns.count, vectorWidth = width & ~7
        taps.withUnsafeBufferPointer { t in
            for r in region.rows {
                let out = target.storage + target.offset(r, region.columns.lowerBound)
                let input = source.storage + source.offset(r, region.columns.lowerBound) - reach * tapStride
                var c = 0
                while c < vectorWidth {
                    var sum = SIMD8<Float>(repeating: 0)
                    for k in 0..<t.count {
                        sum += t[k] * UnsafeRawPointer(input + c + k * tapStride).loadUnaligned(as: SIMD8<Float>.self)
                    }
                    UnsafeMutableRawPointer(out + c).storeBytes(of: sum, as: SIMD8<Float>.self)
                    c += 8
                }
                while c < width {
                    var sum: Float = 0
                    for k in 0..<t.count { sum += t[k] * input[c + k * tapStride] }
                    out[c] = sum
                    c += 1
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
