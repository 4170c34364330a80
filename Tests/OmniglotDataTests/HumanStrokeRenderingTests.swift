import Foundation
import Images
import Render
import Testing
@testable import OmniglotData

@Suite struct HumanStrokeRenderingTests {
    /// The GNS renderer applied to the human strokes reproduces the official images. Those PNGs were drawn
    /// from the same pen trajectories by the Omniglot collection's own program (a fixed-width pen, no blur),
    /// not by this renderer, so the match is close but not exact; see the floors below.
    @Test func humanStrokesRenderLikeTheOfficialImages() throws {
        guard let directory = TestData.omniglotDirectory() else { return }
        let dataset = try OmniglotDataset(.background, in: directory)
        let start = Date()
        // A fixed spread: every 23rd drawing (23 is coprime with the 20 drawers, so all drawers appear).
        let selection = Swift.stride(from: 0, to: dataset.drawings.count, by: 23).map { dataset.drawings[$0] }
        let rendering = HumanStrokeRendering(), renderer = Renderer()
        var splineScores: [Double] = [], rawScores: [Double] = []
        for drawing in selection {
            let official = try dataset.image(of: drawing).inkIntensities()
            let strokes = try dataset.strokes(of: drawing)
            let splines = try rendering.splines(strokes, label: drawing.key)
            let fitted = rendering.render(splines: splines, with: renderer).combined
            let raw = rendering.render(trajectories: strokes, with: renderer).combined
            splineScores.append(HumanStrokeRendering.inkIntersectionOverUnion(fitted, official))
            rawScores.append(HumanStrokeRendering.inkIntersectionOverUnion(raw, official))
        }
        let splineMean = splineScores.reduce(0, +) / Double(splineScores.count)
        let rawMean = rawScores.reduce(0, +) / Double(rawScores.count)
        print(String(format: "%d drawings: mean ink IoU vs official %.3f (splines), %.3f (raw trajectories), worst %.3f / %.3f; %.1f s",
                     selection.count, splineMean, rawMean, splineScores.min() ?? 0, rawScores.min() ?? 0,
                     Date().timeIntervalSince(start)))
        #expect(selection.count > 200)
        // Measured (2026-11-21): 0.912 raw, 0.828 splines over these 211 drawings (deterministic: no sampling
        // noise). The official pen drew fixed-width lines; this renderer's broaden + blur gives a softer,
        // slightly different width, so the thresholded edges disagree by about a pixel on strokes 4-5 pixels
        // wide, which caps IoU near 0.9; the minimal splines also smooth corners (residual up to 0.7 px² per
        // point). The floors sit 0.06-0.08 below the measurements: a one-pixel shift of every stroke, swapped
        // axes or a flipped y (IoU below 0.5) fail them by a wide margin.
        #expect(rawMean > 0.85)
        #expect(splineMean > 0.75)
    }

    /// Joining keeps every recorded point, in order, and leaves no gap wider than the spacing.
    @Test func joinedTrajectoriesKeepTheirPointsAndCloseGaps() {
        let points: [SIMD2<Double>] = [[0, 0], [0.5, 0], [5, -3], [5, -3], [5.2, -3.1]]
        let joined = HumanStrokeRendering.joined(points)
        var cursor = 0
        for point in joined where cursor < points.count && point == points[cursor] { cursor += 1 }
        #expect(cursor == points.count)
        for i in 1..<joined.count {
            let d = joined[i] - joined[i - 1]
            #expect((d * d).sum().squareRoot() <= HumanStrokeRendering.trajectorySpacing + 1e-12)
        }
        #expect(HumanStrokeRendering.joined([]).isEmpty)
    }

    /// IoU on hand-made images: identical ink is 1, disjoint ink is 0, half-overlapping strips are 1/3.
    @Test func intersectionOverUnionOfKnownImages() {
        let a: [Float] = [1, 1, 0, 0], b: [Float] = [0, 1, 1, 0], c: [Float] = [0, 0, 0, 1]
        #expect(HumanStrokeRendering.inkIntersectionOverUnion(a, a) == 1)
        #expect(HumanStrokeRendering.inkIntersectionOverUnion(a, c) == 0)
        #expect(abs(HumanStrokeRendering.inkIntersectionOverUnion(a, b) - 1.0 / 3) < 1e-12)
        #expect(HumanStrokeRendering.inkIntersectionOverUnion([0, 0], [0, 0]) == 1)
    }
}
