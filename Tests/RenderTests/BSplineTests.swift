import Testing
@testable import Render

@Suite struct BSplineTests {
    /// The basis functions are the textbook uniform cubic B-spline pieces: they sum to one inside the
    /// fully covered range and are continuous, checked here at the knots.
    @Test func basisIsPartitionOfUnityInsideAndContinuousAtKnots() {
        for s in stride(from: 3.0, through: 6.0, by: 0.137) {
            let total = (0..<10).reduce(0.0) { $0 + BSpline.basis(index: $1, at: s) }
            #expect(abs(total - 1) < 1e-12)
        }
        #expect(abs(BSpline.basis(index: 0, at: 2) - 4.0 / 6) < 1e-15)
        #expect(abs(BSpline.basis(index: 0, at: 1) - 1.0 / 6) < 1e-15)
        let h = 1e-7
        for knot in [1.0, 2.0, 3.0] {
            #expect(abs(BSpline.basis(index: 0, at: knot - h) - BSpline.basis(index: 0, at: knot + h)) < 1e-6)
        }
    }

    /// The clamped ends: the first trajectory point is 0.8 of the first control point plus 0.2 of the second.
    @Test func endpointsAreTheReferenceConvexCombinations() {
        let points: [SIMD2<Double>] = [[0, 0], [10, 0], [10, -10], [20, -10], [30, -5]]
        let trajectory = BSpline.evaluate(points, evaluationCount: 50)
        let first = 0.8 * points[0] + 0.2 * points[1]
        let last = 0.2 * points[3] + 0.8 * points[4]
        #expect(maxAbs(trajectory[0] - first) < 1e-12)
        #expect(maxAbs(trajectory[49] - last) < 1e-12)
        let matrix = BSpline.basisMatrix(controlPointCount: 5, evaluationCount: 50)
        for row in 0..<50 { #expect(abs(matrix[(row * 5)..<(row * 5 + 5)].reduce(0, +) - 1) < 1e-12) }
    }

    @Test func singleControlPointIsAConstantTrajectory() {
        let trajectory = BSpline.evaluate([[3, -4]], evaluationCount: 7)
        #expect(trajectory.allSatisfy { $0 == SIMD2(3, -4) })
    }

    /// Adaptive density: length / 1.5 rounded up, clamped to [10, 200].
    @Test func adaptiveEvaluationCountFollowsLength() {
        #expect(BSpline.evaluationCount(forLength: 0) == 10)
        #expect(BSpline.evaluationCount(forLength: 30) == 20)
        #expect(BSpline.evaluationCount(forLength: 30.1) == 21)
        #expect(BSpline.evaluationCount(forLength: 1000) == 200)
        // Lengths too large for an Int (a stroke sampled at temperature 1e38) clamp instead of trapping.
        #expect(BSpline.evaluationCount(forLength: 1e25) == 200)
        #expect(BSpline.evaluationCount(forLength: .infinity) == 200 && BSpline.evaluationCount(forLength: .nan) == 200)
        #expect(BSpline.evaluationCount(for: [[0, 0], [1e30, -1e30], [2e30, 0]]) == 200)
        // A straight spline's length is known by hand: its ends are the 0.8/0.2 mixes of the end control points.
        let line: [SIMD2<Double>] = (0..<6).map { SIMD2(Double($0) * 12, 0) }
        let expectedLength = (0.2 * 48 + 0.8 * 60) - (0.8 * 0 + 0.2 * 12)
        #expect(BSpline.evaluationCount(for: line) == Int((expectedLength / 1.5).rounded(.up)))
    }
}
