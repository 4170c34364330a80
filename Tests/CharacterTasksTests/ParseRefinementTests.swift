import CharacterModel
import Foundation
import Inference
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

}
