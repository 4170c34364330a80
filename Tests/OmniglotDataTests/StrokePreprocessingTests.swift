import Render
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
        let kept = StrokePreprocessing().kept([long, short, exact])
        #expect(kept == [long, exact])
        #expect(StrokePreprocessing(minimumLength: 0).kept([short]) == [short])
    }

    @Test func splinesFollowTheKeptStrokes() throws {
        // A straight line is fitted exactly by few control points, and the spline's ends lie near the stroke's ends.
        let long = Self.line(from: SIMD2(10, -10), to: SIMD2(70, -40), points: 50)
        let short = Self.line(from: SIMD2(0, 0), to: SIMD2(5, 0), points: 5)
        let splines = try StrokePreprocessing().splines([short, long], label: "test")
        #expect(splines.count == 1)
        let controlPoints = try #require(splines.first)
        #expect(controlPoints == (try SplineFit.minimal(long.points)))
        #expect(controlPoints.count <= 4)
    }
}
