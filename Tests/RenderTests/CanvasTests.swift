import Testing
@testable import Render

@Suite struct CanvasTests {
    /// Deterministic pseudo-random canvas values in [0, 1) (a 64-bit LCG; no generator dependency).
    static func canvas(count: Int, seed: UInt64) -> [Float] {
        var state = seed
        return (0..<count).map { _ in
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Float(state >> 40) / Float(1 << 24)
        }
    }

    /// PyTorch's `align_corners=False` bilinear resize written out in Double, straight from its definition:
    /// source coordinate (i + ½)·in/out - ½, negatives clamped to 0, upper neighbour clamped to the edge.
    static func naiveResize(_ input: [Float], from n: Int, to m: Int) -> [Double] {
        func tap(_ i: Int) -> (Int, Int, Double) {
            let source = max((Double(i) + 0.5) * Double(n) / Double(m) - 0.5, 0)
            let low = Int(source.rounded(.down))
            return (low, min(low + 1, n - 1), source - Double(low))
        }
        var out = [Double](repeating: 0, count: m * m)
        for y in 0..<m {
            let (y0, y1, fy) = tap(y)
            for x in 0..<m {
                let (x0, x1, fx) = tap(x)
                func at(_ r: Int, _ c: Int) -> Double { Double(input[r * n + c]) }
                out[y * m + x] = (1 - fy) * ((1 - fx) * at(y0, x0) + fx * at(y0, x1))
                    + fy * ((1 - fx) * at(y1, x0) + fx * at(y1, x1))
            }
        }
        return out
    }

    @Test func downsizedMatchesNaiveBilinearReference() throws {
        let size = Coordinates.canvasSize
        for seed: UInt64 in [1, 2, 3] {
            let input = Self.canvas(count: size * size, seed: seed)
            let fast = try Canvas.downsized(input)
            let reference = Self.naiveResize(input, from: size, to: Canvas.networkSize)
            #expect(fast.count == reference.count)
            // Float arithmetic on values in [0, 1): a few ulps of 1.
            let worst = zip(fast, reference).map { abs(Double($0) - $1) }.max() ?? .infinity
            #expect(worst < 1e-6)
        }
    }

    /// Interpolation weights sum to one, so a constant canvas stays constant (independent of the formula).
    @Test func constantCanvasStaysConstant() throws {
        let size = Coordinates.canvasSize
        let out = try Canvas.downsized([Float](repeating: 0.25, count: size * size))
        #expect(out.allSatisfy { abs($0 - 0.25) < 1e-7 })
    }

    /// `downsizedAdjoint` is the transpose: <A x, y> = <x, Aᵀ y> for random x, y.
    @Test func adjointIsTranspose() throws {
        let size = Coordinates.canvasSize, small = Canvas.networkSize
        let x = Self.canvas(count: size * size, seed: 7), y = Self.canvas(count: small * small, seed: 8)
        let ax = try Canvas.downsized(x), aty = try Canvas.downsizedAdjoint(y)
        let left = zip(ax, y).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        let right = zip(x, aty).reduce(0.0) { $0 + Double($1.0) * Double($1.1) }
        #expect(abs(left - right) < 1e-4 * abs(left))
    }

    @Test func wrongSizesAreTypedErrors() {
        #expect(throws: CanvasError.wrongPixelCount(expected: 105 * 105, got: 10)) { try Canvas.downsized([Float](repeating: 0, count: 10)) }
        #expect(throws: CanvasError.wrongPixelCount(expected: 28 * 28, got: 3)) { try Canvas.downsizedAdjoint([0, 0, 0]) }
    }
}
