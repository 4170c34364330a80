import Testing
@testable import OmniglotData

@Suite struct StrokePreprocessingTests {
    static func line(from a: SIMD2<Double>, to b: SIMD2<Double>, points: Int) -> Stroke {
        let trajectory = (0..<points).map { a + Double($0) / Double(points - 1) * (b - a) }
        return Stroke(points: trajectory, times: trajectory.indices.map(Double.init))
    }

    @Test func dropsStrokesShorterThanTheReferenceThreshold() {
        let long = Self.line(from: SIMD2(0, 0), to: SIMD2(30, 0), points: 7)
        let short = Self.line(from: SIMD2(0, 0), to: SIMD2(0, -19.5), points: 40)
        let exact = Self.line(from: SIMD2(0, 0), to: SIMD2(12, -16), points: 3)  // length 20: kept (>=)
        let kept = StrokePreprocessing().apply([long, short, exact])
        #expect(kept.count == 2)
        #expect(kept[0].first == SIMD2(0, 0) && kept[0].last == SIMD2(30, 0))
        #expect(StrokePreprocessing(minimumLength: 0).apply([short]).count == 1)
    }

    @Test func resamplesUniformlyInSpace() {
        // An L-shaped path of length 10 + 20 = 30 recorded with uneven spacing and a duplicated point.
        let points: [SIMD2<Double>] = [SIMD2(0, 0), SIMD2(1, 0), SIMD2(1, 0), SIMD2(10, 0), SIMD2(10, -20)]
        let resampled = StrokePreprocessing.uniformlySpaced(points, interval: 1)
        #expect(resampled.count == 30)
        #expect(resampled.first == SIMD2(0, 0))
        #expect(resampled.last == SIMD2(10, -20))
        // Consecutive points are total/(n-1) = 30/29 apart along the path; away from the corner that is the chord.
        let spacing = 30.0 / 29.0
        for index in 1..<9 {
            let step = resampled[index] - resampled[index - 1]
            #expect(abs((step * step).sum().squareRoot() - spacing) < 1e-9)
        }
        // A stroke that never moves is returned as is.
        #expect(StrokePreprocessing.uniformlySpaced([SIMD2(2, 2), SIMD2(2, 2)], interval: 1) == [SIMD2(2, 2), SIMD2(2, 2)])
    }
}
