import Distributions
import CharacterModel
import Foundation
import Inference
import Kernels
import Language
import Render

/// One interpretation of an image: a refined run of `generate_character` with the image observed.
public struct CharacterParse: Sendable {
    /// Which candidate stroke set (of those given to ``CharacterParser/parse(_:candidates:progress:)``) it came from.
    public let candidate: Int
    /// The order and direction the type prior chose for the candidate's strokes, and its score before refinement.
    public let ordering: StrokeOrderSearch.Ordering
    /// log P(type, token, image) before refinement (the token without noise or warp).
    public let startLogScore: Double
    /// The refined run: every choice of the type, the token and the observed image.
    public let trace: Trace
    /// The refined type's strokes, the token and the image, read off the run.
    public let character: CharacterSample
    /// log P(type, token, image) at the refined choices.
    public var logScore: Double { trace.score }
    /// π_k ∝ P(type_k, token_k, image) over the parses found, summing to 1.
    public internal(set) var weight: Double
}

/// Parses images of characters: candidate stroke sets (from a bottom-up parser) are ordered and directed by the
/// type prior (``StrokeOrderSearch``), the best `parseCount` are refined (``ParseRefinement``) and weighted.
public struct CharacterParser: Sendable {
    /// The order and direction search.
    public var search: StrokeOrderSearch
    /// The continuous refinement of the best candidates.
    public var refinement: ParseRefinement
    /// K: how many candidates are refined and kept (the paper's 5).
    public var parseCount = 5
    /// Random walks on the skeleton graph that propose stroke sets (BPL: 150).
    public var walks = 150
    /// How many distinct proposals, first found first, the order search considers.
    public var proposalLimit = 40

    /// A parser of the model `generate_character` in `directory`'s character.gns, with `networks` as the type prior.
    public init(networks: TypePriorNetworks, programs directory: String, beamWidth: Int = 4, iterations: Int = 30) throws {
        let model = try CharacterPrograms.model("generate_character", in: "character.gns", directory: directory,
                                                builtins: .withCharacterModel(networks: networks))
        search = StrokeOrderSearch(scorer: TypePriorScorer(networks), beamWidth: beamWidth)
        refinement = ParseRefinement(model: model, iterations: iterations)
    }

    /// The bottom-up proposals for `image`: `walks` random walks drawn from `seed`.
    public func proposals(for image: BinaryImage, seed: UInt64) throws -> ProposalSet {
        try BottomUpParser.proposals(for: image, limit: walks, seed: seed)
    }

    /// The best parses of `image` from its first `proposalLimit` bottom-up proposals (``proposals(for:seed:)``).
    public func parse(_ image: BinaryImage, seed: UInt64, progress: (String) -> Void = { _ in }) throws -> [CharacterParse] {
        try parse(image, candidates: candidates(from: try proposals(for: image, seed: seed)), progress: progress)
    }

    /// The stroke sets of the first `proposalLimit` proposals.
    public func candidates(from proposals: ProposalSet) -> [[[SIMD2<Double>]]] {
        proposals.parses.prefix(proposalLimit).map(\.strokes)
    }

    /// The best parses of `image` among `candidates` (stroke sets, motor-space control points, in any order and
    /// direction), best first. Candidates the model cannot draw (too many strokes, or strokes with one control
    /// point or more than type.gns draws) are skipped. Every candidate
    /// is ordered by the type prior; the best `parseCount` distinct ones are refined on both cores. `progress`
    /// receives one line per stage.
    public func parse(_ image: BinaryImage, candidates: [[[SIMD2<Double>]]],
                      progress: (String) -> Void = { _ in }) throws -> [CharacterParse] {
        // Only stroke sets type.gns can draw: 1 to maxStrokes strokes of 2 to maxOffsets + 1 control points.
        let usable = candidates.indices.filter { c in
            (1...TypeChoices.maxStrokes).contains(candidates[c].count)
                && candidates[c].allSatisfy { (2...(TypeChoices.maxOffsets + 1)).contains($0.count) }
        }
        guard !usable.isEmpty else { throw CharacterTaskError.noCandidates }
        let results = search.search(parses: usable.map { candidates[$0] })
        let steps = results.reduce(0) { $0 + $1.scoredSteps }
        progress("ordered \(usable.count) candidates under the type prior (\(steps) strokes scored)")
        let ranked = results.indices.sorted { (a, b) in
            StrokeOrderSearch.better(results[a].best, results[b].best) || (results[a].best == results[b].best && a < b)
        }
        // Distinct parses only: proposals can repeat one another once ordered.
        var chosen: [Int] = []
        for r in ranked where chosen.count < parseCount && !chosen.contains(where: { results[$0].best.strokes == results[r].best.strokes }) {
            chosen.append(r)
        }
        var parses = try Parallel.map(0..<chosen.count) { (k: Int) throws -> CharacterParse in
            let ordering = results[chosen[k]].best
            let start = try refinement.start(strokes: ordering.strokes, image: image)
            let refined = try refinement.refine(start)
            return CharacterParse(candidate: usable[chosen[k]], ordering: ordering, startLogScore: start.score, trace: refined,
                                  character: try CharacterSample(refined.returnValue), weight: 0)
        }
        progress("refined \(parses.count) parses")
        parses.sort { $0.logScore > $1.logScore }
        let weights = normalisedWeights(parses.map(\.logScore))
        for k in parses.indices { parses[k].weight = weights[k] }
        return parses
    }
}

/// exp(logWeights) normalised to sum to 1.
func normalisedWeights(_ logWeights: [Double]) -> [Double] {
    let total = Special.logSumExp(logWeights)
    return logWeights.map { exp($0 - total) }
}

