import CharacterModel

/// Chooses the order and direction of a parse's strokes under the type prior, by a beam search over the
/// orders that draws them one at a time.
///
/// The type prior factorises stroke by stroke (each stroke's start, trajectory and the "not finished yet" flag
/// depend only on the strokes drawn before it), so an ordering's score is the sum of its steps' scores and a
/// prefix's score is shared by every ordering that extends it. The search keeps the `beamWidth` best prefixes
/// of each length, extends each with every unused stroke in both directions, and scores all those steps in
/// batches (``TypePriorScorer/stepNegativeLogLikelihoods(prefixes:steps:batchSize:)``). A beam as wide as the
/// number of prefixes (``exhaustive``) is exact; any stroke count works.
///
/// Prefixes are ranked by their score plus an estimate of what their remaining strokes will cost (with
/// `lookahead`, the default): each remaining stroke's trajectory term (offsets and stop flags) as it scored
/// when drawn first, in its better direction, known from the first length at no extra cost. Without it, a
/// beam favours orders that draw cheap strokes first and pay for the expensive ones when it is too late.
public struct StrokeOrderSearch: Sendable {
    /// The type prior's networks, prepared for scoring.
    public let scorer: TypePriorScorer
    /// How many prefixes survive each length (`Int.max`: all of them, the exact search).
    public var beamWidth: Int
    /// Whether prefixes are ranked with an estimate of their remaining strokes' cost (see the type's notes).
    public var lookahead: Bool

    /// A search with `beamWidth` prefixes kept per length.
    public init(scorer: TypePriorScorer, beamWidth: Int = 4, lookahead: Bool = true) {
        precondition(beamWidth >= 1, "a beam keeps at least one prefix")
        self.scorer = scorer
        self.beamWidth = beamWidth
        self.lookahead = lookahead
    }

    /// The exact search: every prefix is kept (n! 2^n orderings of n strokes, each prefix scored once).
    public static func exhaustive(scorer: TypePriorScorer) -> StrokeOrderSearch {
        StrokeOrderSearch(scorer: scorer, beamWidth: .max)
    }

    /// One way to draw a parse's strokes: an order, a direction per stroke, and its score.
    public struct Ordering: Sendable, Equatable {
        /// `order[k]` is the index (in the input) of the stroke drawn k-th.
        public var order: [Int]
        /// `reversed[k]` says whether the k-th drawn stroke runs backwards from its input direction.
        public var reversed: [Bool]
        /// The strokes as drawn: in `order`, each reversed where `reversed` says.
        public var strokes: [[SIMD2<Double>]]
        /// -log p(strokes) under the type prior (nats, motor-space densities).
        public var negativeLogLikelihood: Double
    }

    /// What a search found and what it cost.
    public struct Result: Sendable {
        /// The complete orderings in the final beam, best (lowest negative log-likelihood) first.
        public var orderings: [Ordering]
        /// How many steps (a stroke scored on a canvas: one row through each network) were scored.
        public var scoredSteps: Int
        /// The best ordering.
        public var best: Ordering { orderings[0] }
    }

    /// The best orderings of `strokes` (motor-space control points, at least two per stroke), at most
    /// `beamWidth` of them. Ties are broken by order, then direction, so the result is deterministic.
    public func search(_ strokes: [[SIMD2<Double>]]) -> Result {
        search(parses: [strokes])[0]
    }

    /// ``search(_:)`` of several parses at once: their beams advance in lockstep, so each length's steps of every
    /// parse are scored in the same batches (larger batches use both cores better).
    public func search(parses: [[[SIMD2<Double>]]]) -> [Result] {
        precondition(parses.allSatisfy { !$0.isEmpty && $0.allSatisfy { $0.count >= 2 } },
                     "a parse has strokes of at least two control points")
        let directed = parses.map { $0.map { [$0, Array($0.reversed())] } }
        var beams = parses.map { _ in [Ordering(order: [], reversed: [], strokes: [], negativeLogLikelihood: 0)] }
        var scoredSteps = parses.map { _ in 0 }
        var remaining = parses.map { $0.map { _ in Double.infinity } }
        for length in 1...(parses.map(\.count).max() ?? 0) {
            // Every unfinished parse's prefixes, and every step extending one of them.
            var prefixes: [[[SIMD2<Double>]]] = [], steps: [TypeStep] = []
            var origins: [(parse: Int, parent: Int, stroke: Int, reversed: Bool)] = []
            for (n, beam) in beams.enumerated() where length <= parses[n].count {
                for (p, prefix) in beam.enumerated() {
                    for i in parses[n].indices where !prefix.order.contains(i) {
                        for reversed in [false, true] {
                            origins.append((n, p, i, reversed))
                            steps.append(TypeStep(prefix: prefixes.count, stroke: directed[n][i][reversed ? 1 : 0],
                                                  finishes: length == parses[n].count))
                        }
                    }
                    prefixes.append(prefix.strokes)
                }
            }
            let losses = scorer.stepNegativeLogLikelihoods(prefixes: prefixes, steps: steps)
            if length == 1 {
                // Each stroke's trajectory cost drawn first, in its better direction: the estimate of its cost later.
                for (s, origin) in origins.enumerated() {
                    remaining[origin.parse][origin.stroke] = min(remaining[origin.parse][origin.stroke], losses[s].stroke)
                }
            }
            var extended = beams.map { _ in [(ordering: Ordering, rank: Double)]() }
            for (s, origin) in origins.enumerated() {
                let parent = beams[origin.parse][origin.parent]
                scoredSteps[origin.parse] += 1
                let ordering = Ordering(order: parent.order + [origin.stroke], reversed: parent.reversed + [origin.reversed],
                                        strokes: parent.strokes + [steps[s].stroke],
                                        negativeLogLikelihood: parent.negativeLogLikelihood + losses[s].total)
                let estimate = lookahead ? parses[origin.parse].indices.reduce(0.0) { total, i in
                    ordering.order.contains(i) ? total : total + remaining[origin.parse][i]
                } : 0
                extended[origin.parse].append((ordering, ordering.negativeLogLikelihood + estimate))
            }
            for n in beams.indices where length <= parses[n].count {
                beams[n] = extended[n].sorted { a, b in
                    a.rank != b.rank ? a.rank < b.rank : Self.better(a.ordering, b.ordering)
                }.prefix(beamWidth).map(\.ordering)
            }
        }
        return beams.indices.map { Result(orderings: beams[$0], scoredSteps: scoredSteps[$0]) }
    }

    /// Lower score first; ties by order, then by direction (forwards first).
    static func better(_ a: Ordering, _ b: Ordering) -> Bool {
        if a.negativeLogLikelihood != b.negativeLogLikelihood { return a.negativeLogLikelihood < b.negativeLogLikelihood }
        if a.order != b.order { return a.order.lexicographicallyPrecedes(b.order) }
        return a.reversed.lexicographicallyPrecedes(b.reversed) { !$0 && $1 }
    }
}
