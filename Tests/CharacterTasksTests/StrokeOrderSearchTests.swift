import CharacterModel
import Foundation
import OmniglotData
import Testing
@testable import CharacterTasks

/// The beam search over stroke orders and directions against the exhaustive search, on human drawings.
@Suite struct StrokeOrderSearchTests {
    static let shared = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("shared").path

    /// A few background drawings of 2 and 3 strokes, spread over the alphabets.
    static func drawings() throws -> [[[SIMD2<Double>]]] {
        let dataset = try OmniglotDataset(.background, in: OmniglotDirectory(path: shared + "/omniglot"))
        let candidates = dataset.drawings.filter { $0.drawer == 3 }
        let chosen = Set(stride(from: 0, to: candidates.count, by: 97).map { candidates[$0].key })
        let splines = try candidates.filter { chosen.contains($0.key) }.map { drawing in
            try StrokePreprocessing().splines(try dataset.strokes(of: drawing), label: drawing.key).filter { $0.count >= 2 }
        }
        return Array(splines.filter { (2...3).contains($0.count) }.prefix(4))
    }

    /// Every ordering of `strokes`: each permutation with each choice of directions.
    static func allOrderings(_ n: Int) -> [(order: [Int], reversed: [Bool])] {
        func permutations(_ items: [Int]) -> [[Int]] {
            items.isEmpty ? [[]] : items.flatMap { i in permutations(items.filter { $0 != i }).map { [i] + $0 } }
        }
        return permutations(Array(0..<n)).flatMap { order in
            (0..<(1 << n)).map { mask in (order, (0..<n).map { mask & (1 << $0) != 0 }) }
        }
    }

    @Test func exhaustiveSearchFindsTheBestWholeTypeAndTheBeamNeverBeatsIt() throws {
        let scorer = TypePriorScorer(try TypePriorNetworks.bundled())
        let drawings = try Self.drawings()
        #expect(drawings.count >= 3)
        for strokes in drawings {
            // Brute force, independent of the step scoring: every ordering scored as a whole type.
            let orderings = Self.allOrderings(strokes.count)
            let types = orderings.map { o in o.order.indices.map { k in
                o.reversed[k] ? Array(strokes[o.order[k]].reversed()) : strokes[o.order[k]] } }
            let scores = scorer.negativeLogLikelihoods(of: types).map(\.total)
            let bruteBest = scores.indices.min { scores[$0] < scores[$1] }!

            let exact = StrokeOrderSearch.exhaustive(scorer: scorer).search(strokes)
            #expect(exact.orderings.count == orderings.count)
            // Whole-type and step scores are the same float rows grouped differently: 1e-3 nats.
            #expect(abs(exact.best.negativeLogLikelihood - scores[bruteBest]) < 1e-3)
            #expect(exact.best.strokes == types[bruteBest] || abs(scores[bruteBest] - scores.sorted()[1]) < 1e-3)

            for width in [1, 2, 4] {
                let beam = StrokeOrderSearch(scorer: scorer, beamWidth: width).search(strokes)
                #expect(beam.orderings.count <= width)
                #expect(beam.best.negativeLogLikelihood >= exact.best.negativeLogLikelihood - 1e-3)
                // The beam's own score of its answer is the whole-type score of those strokes.
                #expect(abs(beam.best.negativeLogLikelihood - scorer.negativeLogLikelihood(splines: beam.best.strokes).total) < 1e-3)
                // It scores at most the exhaustive search's steps, fewer once the beam is narrower than a level.
                #expect(beam.scoredSteps <= exact.scoredSteps)
                if width == 1 { #expect(beam.scoredSteps < exact.scoredSteps) }
            }
            // A beam wide enough to hold every prefix is the exhaustive search.
            let wide = StrokeOrderSearch(scorer: scorer, beamWidth: orderings.count).search(strokes)
            #expect(wide.best == exact.best)
        }
    }
}
