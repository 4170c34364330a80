import Foundation
@testable import Render

/// A deliberately naive, dense, double-precision transcription of the reference pipeline (pyBPL / GNS
/// `Renderer`): full-canvas 2-D convolutions, an 11x11 Gaussian built as MATLAB's `fspecial` does, no
/// bounding boxes. Tests compare the optimised renderer against it and take finite differences of it.
enum ReferenceRenderer {
    static let n = 105

    static func probabilities(_ token: RenderToken) -> [Double] {
        var all: [SIMD2<Double>] = []
        for stroke in token.strokes { for p in stroke.controlPoints { all.append(stroke.start + p) } }
        let centre = all.reduce(SIMD2<Double>.zero, +) / Double(max(1, all.count))
        var canvas = [Double](repeating: 0, count: n * n)
        for stroke in token.strokes {
            let warped = stroke.controlPoints.map { token.scale * (stroke.start + $0 - centre) + centre + token.translation }
            let points = BSpline.evaluate(warped).map(Coordinates.imageFromMotor).filter { p in
                floor(p.x) >= 0 && ceil(p.x) < Double(n) && floor(p.y) >= 0 && ceil(p.y) < Double(n)
            }
            guard !points.isEmpty else { continue }
            var ink: [Double]
            if points.count == 1 {
                ink = [2]
            } else {
                let d = (1..<points.count).map { i -> Double in
                    let v = points[i] - points[i - 1]
                    return min((v * v).sum().squareRoot(), 2)
                }
                ink = ([d[0]] + d).map { 2 * $0 / 2 }
            }
            let total = ink.reduce(0, +)
            if total < 2.22e-6 { ink = ink.map { _ in 2 / Double(ink.count) } } else if total < 2 { ink = ink.map { $0 * 2 / total } }
            for (p, amount) in zip(points, ink) {
                let r0 = Int(floor(p.x)), c0 = Int(floor(p.y)), r1 = Int(ceil(p.x)), c1 = Int(ceil(p.y))
                let fr = p.x - floor(p.x), fc = p.y - floor(p.y)
                canvas[r0 * n + c0] += amount * (1 - fr) * (1 - fc)
                canvas[r1 * n + c0] += amount * fr * (1 - fc)
                canvas[r0 * n + c1] += amount * (1 - fr) * fc
                canvas[r1 * n + c1] += amount * fr * fc
            }
        }
        let a = 0.5, b = 6.0
        let broadenKernel = [a / 12, a / 6, a / 12, a / 6, 1 - a, a / 6, a / 12, a / 6, a / 12].map { $0 * b }
        for _ in 0..<2 { canvas = convolve(canvas, broadenKernel, side: 3) }
        canvas = canvas.map { min(max($0, 0), 1) }
        if token.blurSigma > 0 {
            var gaussian = [Double](repeating: 0, count: 121)
            for i in 0..<11 { for j in 0..<11 {
                gaussian[i * 11 + j] = exp(-0.5 * Double((i - 5) * (i - 5) + (j - 5) * (j - 5)) / (token.blurSigma * token.blurSigma))
            } }
            let total = gaussian.reduce(0, +)
            gaussian = gaussian.map { $0 / total }
            for _ in 0..<2 { canvas = convolve(canvas, gaussian, side: 11) }
            canvas = canvas.map { min(max($0, 0), 1) }
        }
        return canvas.map { (1 - token.epsilon) * $0 + token.epsilon * (1 - $0) }
    }

    /// Bernoulli log-likelihood with probabilities clamped to [u, 1 - u] (u = Float's epsilon, as the renderer).
    static func logLikelihood(_ token: RenderToken, image: [Bool]) -> Double {
        let u = Double(Float.ulpOfOne)
        return zip(probabilities(token), image).reduce(0.0) { total, pair in
            let p = min(max(pair.0, u), 1 - u)
            return total + (pair.1 ? log(p) : log(1 - p))
        }
    }

    /// Zero-padded "same" 2-D correlation with a square kernel.
    static func convolve(_ image: [Double], _ kernel: [Double], side: Int) -> [Double] {
        let half = side / 2
        var out = [Double](repeating: 0, count: n * n)
        for r in 0..<n { for c in 0..<n {
            var s = 0.0
            for i in 0..<side { for j in 0..<side {
                let rr = r + i - half, cc = c + j - half
                if rr >= 0, rr < n, cc >= 0, cc < n { s += kernel[i * side + j] * image[rr * n + cc] }
            } }
            out[r * n + c] = s
        } }
        return out
    }
}
