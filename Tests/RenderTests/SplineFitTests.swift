import Foundation
import Testing
@testable import Render

@Suite struct SplineFitTests {
    /// A trajectory sampled from a known spline at the fit's own parameters is fitted exactly.
    @Test func fitRecoversTheGeneratingSpline() throws {
        let truth: [SIMD2<Double>] = [[10, -20], [25, -15], [30, -40], [45, -50], [60, -35], [70, -60]]
        let trajectory = BSpline.evaluate(truth, evaluationCount: 80)
        let (fitted, residual) = try SplineFit.fit(trajectory, controlPointCount: truth.count)
        #expect(residual < 1e-12)
        for (a, b) in zip(fitted, truth) { #expect(maxAbs(a - b) < 1e-8) }
    }

    /// The QR solution satisfies the normal equations C^T (C Y - X) = 0 for a noisy trajectory,
    /// and the reported residual is the directly computed one.
    @Test func fitSatisfiesNormalEquations() throws {
        let trajectory: [SIMD2<Double>] = (0..<40).map { i in
            let t = Double(i) / 39
            return SIMD2(50 * t + sin(Double(i) * 1.7), -30 * t * t + cos(Double(i) * 2.3))
        }
        let n = 5
        let (y, residual) = try SplineFit.fit(trajectory, controlPointCount: n)
        let c = BSpline.basisMatrix(controlPointCount: n, evaluationCount: 40)
        var direct = 0.0
        var gradient = [SIMD2<Double>](repeating: .zero, count: n)
        for i in 0..<40 {
            var p = SIMD2<Double>.zero
            for k in 0..<n { p += c[i * n + k] * y[k] }
            let r = p - trajectory[i]
            direct += (r * r).sum()
            for k in 0..<n { gradient[k] += c[i * n + k] * r }
        }
        #expect(abs(direct - residual) < 1e-9 * max(1, direct))
        for g in gradient { #expect(maxAbs(g) < 1e-9) }
    }

    @Test func minimalStaysUnderThresholdAndGrowsWithComplexity() throws {
        let line: [SIMD2<Double>] = (0...30).map { SIMD2(Double($0) * 2, -Double($0)) }
        let arc: [SIMD2<Double>] = (0...60).map { i in
            let a = Double(i) / 60 * .pi
            return SIMD2(50 + 25 * cos(a), -50 - 25 * sin(a))
        }
        let zigzag: [SIMD2<Double>] = (0...80).map { i in
            SIMD2(Double(i), -50 - 15 * sin(Double(i) / 80 * 6 * .pi))
        }
        var counts: [Int] = []
        for stroke in [line, arc, zigzag] {
            let spline = try SplineFit.minimal(stroke)
            let resampled = SplineFit.uniformlySpaced(stroke, spacing: SplineFit.resamplingSpacing)
            let (_, residual) = try SplineFit.fit(resampled, controlPointCount: spline.count)
            #expect(residual / Double(resampled.count) < SplineFit.residualThreshold)
            // Minimal: one control point fewer is over the threshold.
            if spline.count > 1 {
                let (_, fewer) = try SplineFit.fit(resampled, controlPointCount: spline.count - 1)
                #expect(fewer / Double(resampled.count) >= SplineFit.residualThreshold)
            }
            counts.append(spline.count)
        }
        #expect(counts[0] <= 2)
        #expect(counts[0] < counts[1] && counts[1] < counts[2])
    }

    @Test func degenerateAndBadInputs() throws {
        #expect(try SplineFit.minimal([[4, -5]]) == [[4, -5]])
        #expect(try SplineFit.minimal([[4, -5], [4, -5], [4, -5]]) == [[4, -5]])
        #expect(throws: SplineFitError.emptyTrajectory) { try SplineFit.minimal([]) }
        #expect(throws: SplineFitError.nonFinitePoint(index: 1)) { try SplineFit.minimal([[0, 0], [.nan, 1]]) }
        #expect(throws: SplineFitError.tooManyControlPoints(requested: 4, trajectoryPoints: 3)) {
            try SplineFit.fit([[0, 0], [1, 0], [2, 0]], controlPointCount: 4)
        }
    }

    /// Uniform resampling keeps the ends, spaces points evenly along the path, and skips repeated points.
    @Test func uniformResampling() {
        let stroke: [SIMD2<Double>] = [[0, 0], [0, 0], [10, 0], [10, -10]]
        let resampled = SplineFit.uniformlySpaced(stroke, spacing: 1)
        #expect(resampled.count == 20)
        #expect(resampled.first == [0, 0] && resampled.last == [10, -10])
        let steps = zip(resampled.dropFirst(), resampled).map { BSpline.pathLength([$1, $0]) }
        // The one step straddling the corner cuts it; every other step is exactly 20/19 along the path.
        #expect(steps.filter { abs($0 - 20.0 / 19) < 1e-9 }.count == 18)
    }

    /// A stroke's size, not its coordinates, bounds the work: far-flung or very long strokes are resampled
    /// more coarsely (they used to allocate petabytes, or fit for minutes).
    @Test func resamplingIsBoundedWhateverTheCoordinates() throws {
        let far: [SIMD2<Double>] = [[0, 0], [1e15, -1e15], [2e15, 0]]
        #expect(SplineFit.uniformlySpaced(far, spacing: 1).count == SplineFit.maximumResampledPoints)
        #expect(try SplineFit.minimal(far).count < SplineFit.controlPointLimit)
        // 200,000 points zig-zagging across the canvas: 20 million pixels of path.
        let zigzag: [SIMD2<Double>] = (0..<200_000).map { SIMD2(Double($0 % 2) * 100, -Double($0) * 1e-3) }
        let started = Date()
        #expect(SplineFit.uniformlySpaced(zigzag, spacing: 1).count == SplineFit.maximumResampledPoints)
        #expect(try SplineFit.minimal(zigzag).count < SplineFit.controlPointLimit)
        // Seconds at most even under load; the unbounded fit of 20 million points took minutes.
        #expect(Date().timeIntervalSince(started) < 30)
    }
}
