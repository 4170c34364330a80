import CharacterModel
import Foundation
import Inference
import Language
import Render
import Testing
@testable import CharacterTasks

/// Refinement moves a parse's continuous choices uphill in log P(type, token, image), leaving its discrete
/// structure and the observed image alone.
@Suite struct ParseRefinementTests {
    /// An "L" and a bar, the image drawn from them shifted 3 px right (so the start is off, and can be improved).
    static let strokes: [[SIMD2<Double>]] = [
        [[30, -20], [31, -45], [32, -70], [45, -75], [60, -76]],
        [[55, -30], [70, -31], [80, -33]],
    ]

    static func image() throws -> BinaryImage {
        let shifted = strokes.map { $0.map { $0 + SIMD2(3, 0) } }
        let ink = Renderer().probabilities(RenderToken(strokes: shifted.map { RenderStroke(absolute: $0) }, blurSigma: 1, epsilon: 0))
        return try BinaryImage(pixels: ink.map { $0 > 0.5 })
    }

    @Test func refinementRaisesTheScoreAndKeepsTheStructure() throws {
        let parser = try CharacterParser(networks: try TypePriorNetworks.bundled(), programs: CharacterPrograms.directory(),
                                         iterations: 10)
        let image = try Self.image()
        let start = try parser.refinement.start(strokes: Self.strokes, image: image)
        let refined = try parser.refinement.refine(start)
        // L-BFGS only accepts steps that raise the score; a 3 px misfit of ~40 ink pixels' edges is worth far more
        // than 1 nat of image likelihood, so ten steps must gain at least that.
        #expect(refined.score > start.score + 1)
        let before = try CharacterSample(start.returnValue), after = try CharacterSample(refined.returnValue)
        #expect(after.strokes.map(\.count) == before.strokes.map(\.count))
        #expect(after.image == before.image)
        // Every selected choice is continuous: the stop and end flags are not in it.
        let selected = ParseRefinement.selection(start)
        #expect(start.addresses.contains { !selected.contains($0) && "\($0)".contains("end") })
    }

    @Test func theImageCurvatureTreatsChoicesThatMoveTheSameInkAlike() throws {
        // A type's stroke start and its token's location noise move the same control points, so the image's
        // curvature must have identical rows for them (exactly, up to rounding: J is exact and H_r is shared);
        // differencing each choice separately does not give that, which is why the bound needs ImageCurvature.
        let parser = try CharacterParser(networks: try TypePriorNetworks.bundled(), programs: CharacterPrograms.directory(),
                                         iterations: 10)
        let refined = try parser.refinement.refine(try parser.refinement.start(strokes: Self.strokes, image: try Self.image()))
        var captured: (addresses: [Address], hessian: [Double])?
        let laplace = try refined.model.laplace(refined, selection: ParseRefinement.laplaceSelection(refined), determinant: .absolute) {
            let hessian = try ImageCurvature().hessian($0)
            captured = ($0.addresses, hessian)
            return hessian
        }
        let (addresses, hessian) = try #require(captured)
        let n = addresses.count
        let start = try #require(addresses.firstIndex(of: Address(["type", "stroke", .index(1), "start"])))
        let location = try #require(addresses.firstIndex(of: Address(["token", "stroke", .index(1), "location"])))
        let largest = hessian[(start * n)..<((start + 1) * n)].map(abs).max() ?? 0
        #expect(largest > 1, "the image curves along a stroke's position")
        for j in 0..<n { #expect(abs(hessian[start * n + j] - hessian[location * n + j]) < 1e-6 * largest) }
        // The result is a finite evidence with at most a few directions curving up on creases.
        #expect(laplace.logMarginalLikelihood.isFinite && laplace.nonNegativeCurvatures < n / 4)
        let bound = try LaplaceLikelihood(runs: [refined])
        #expect(bound.terms.count == 1 && abs(bound.logLikelihood - laplace.logMarginalLikelihood) < 1e-9)
    }
}
