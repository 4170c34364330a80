import Foundation
import Random

/// One stroke of a walk: a single node (a dot) or a sequence of edges, each walked forwards or backwards.
struct WalkStroke: Hashable, Comparable, Sendable {
    /// Each step as `edge * 2 + (backwards ? 1 : 0)`; empty for a dot.
    var steps: [Int]
    /// The node a dot sits on (`nil` for a stroke with steps).
    var dot: Int?

    /// The same stroke walked the other way.
    var reversed: WalkStroke { WalkStroke(steps: steps.reversed().map { $0 ^ 1 }, dot: dot) }

    /// Step codes lexicographically, then dots by node (so a set of strokes has one sorted order).
    static func < (a: WalkStroke, b: WalkStroke) -> Bool {
        a.steps == b.steps ? (a.dot ?? -1) < (b.dot ?? -1) : a.steps.lexicographicallyPrecedes(b.steps)
    }

    /// The stroke in the direction whose step codes come first lexicographically (dots are their own canonical form).
    var canonical: WalkStroke {
        let other = reversed
        return other.steps.lexicographicallyPrecedes(steps) ? other : self
    }
}

/// Random walks on a ``StrokeGraph`` that cover every edge: BPL's `RandomWalker` (Lake et al. 2015, `bottomup/initialize`).
///
/// A walk first draws a dot for every node without edges. Then, until every edge is visited: the pen goes down at
/// an end of an unvisited edge, each end weighted by (1 / unvisited degree of its node)^w, and takes an unvisited
/// edge there uniformly at random; each further step chooses among all edges at the current node and a pen lift,
/// with probability proportional to exp(-lambda * angle / 180), where angle is the turn in degrees from the stroke
/// so far into an unvisited edge (chords to the points 5 px either side of the node), 90 for a visited edge and
/// 45 for a lift (and 45 when a side is too short to measure). A walk of more than ``maxStrokes`` strokes is drawn again.
struct RandomWalker {
    /// Turn-angle radius around a node, pixels (BPL `rad_junction`).
    static let junctionRadius = 5.0
    /// "Angles" of the moves that are not turns (BPL `faux_angle_*`).
    static let liftAngle = 45.0, revisitAngle = 90.0, tooShortAngle = 45.0
    /// Choices of w and lambda, one of each drawn per walk (BPL `int_exp_wt`, `int_lambda_soft`).
    static let startExponents = [2.0, 4.0, 6.0], softness = [2.0, 4.0, 8.0, 16.0]
    /// w and lambda of the near-deterministic walks (BPL `det_walk`).
    static let deterministic = 1000.0
    /// Most strokes a walk may have (BPL `max_len`); longer walks are redrawn.
    static let maxStrokes = 8
    /// Redraws of a walk with too many strokes before the shortest one drawn is kept (for graphs that need more).
    static let maxRedraws = 50

    /// An edge walked in one direction from a node.
    struct Move {
        let edge: Int
        let backwards: Bool
        /// Where the path leaves the node's radius (the chord's far end), or nil when the path is too short.
        let leaving: SIMD2<Double>?
    }

    let graph: StrokeGraph
    /// The moves out of each node (a loop appears in both directions).
    let moves: [[Move]]

    init(graph: StrokeGraph) {
        self.graph = graph
        var moves = [[Move]](repeating: [], count: graph.nodes.count)
        for (e, edge) in graph.edges.enumerated() {
            moves[edge.start].append(Move(edge: e, backwards: false, leaving: Self.chordEnd(graph.nodes[edge.start], edge.path)))
            moves[edge.end].append(Move(edge: e, backwards: true, leaving: Self.chordEnd(graph.nodes[edge.end], edge.path.reversed())))
        }
        self.moves = moves
    }

    /// The last point of the run of `path`'s points, from its start, within ``junctionRadius`` of `node`; nil when
    /// that run is the node alone.
    static func chordEnd<Points: Collection<SIMD2<Double>>>(_ node: SIMD2<Double>, _ path: Points) -> SIMD2<Double>? {
        var last: SIMD2<Double>?
        for (i, p) in path.enumerated() {
            let d = p - node
            guard (d * d).sum() < junctionRadius * junctionRadius else { break }
            if i > 0 { last = p }
        }
        return last
    }

    /// The path of a step, in walking direction.
    func path(ofStep code: Int) -> [SIMD2<Double>] {
        let path = graph.edges[code >> 1].path
        return code & 1 == 1 ? path.reversed() : path
    }

    /// The node a step ends at.
    func endNode(ofStep code: Int) -> Int {
        let edge = graph.edges[code >> 1]
        return code & 1 == 1 ? edge.start : edge.end
    }

    /// A walk with w and lambda drawn from BPL's lists, or the near-deterministic ones; redrawn while it has more
    /// than ``maxStrokes`` strokes (at most ``maxRedraws`` times, then the shortest is kept).
    func walk(deterministic: Bool, using generator: inout SeededGenerator) -> [WalkStroke] {
        let w = deterministic ? Self.deterministic : Self.startExponents[Int(generator.next() % 3)]
        let lambda = deterministic ? Self.deterministic : Self.softness[Int(generator.next() % 4)]
        var best: [WalkStroke] = []
        for _ in 0..<Self.maxRedraws {
            let strokes = walk(startExponent: w, lambda: lambda, using: &generator)
            if best.isEmpty || strokes.count < best.count { best = strokes }
            if strokes.count <= Self.maxStrokes { break }
        }
        return best
    }

    /// One walk with start exponent `w` and softness `lambda`.
    func walk(startExponent w: Double, lambda: Double, using generator: inout SeededGenerator) -> [WalkStroke] {
        var visited = [Bool](repeating: false, count: graph.edges.count)
        var unvisitedDegree = graph.nodes.indices.map { moves[$0].count }
        var remaining = graph.edges.count
        var strokes: [WalkStroke] = graph.nodes.indices.filter { moves[$0].isEmpty }.map { WalkStroke(steps: [], dot: $0) }
        var trail: [SIMD2<Double>] = []  // the current stroke's points, for turn angles
        var node = 0

        func take(_ move: Move) {
            let code = move.edge * 2 + (move.backwards ? 1 : 0)
            strokes[strokes.count - 1].steps.append(code)
            trail += path(ofStep: code).dropFirst()
            node = endNode(ofStep: code)
            if !visited[move.edge] {
                visited[move.edge] = true
                remaining -= 1
                let edge = graph.edges[move.edge]
                unvisitedDegree[edge.start] -= 1
                unvisitedDegree[edge.end] -= 1
            }
        }
        func penDown() {
            var ends: [Int] = [], logWeights: [Double] = []
            for (e, edge) in graph.edges.enumerated() where !visited[e] {
                for end in [edge.start, edge.end] {
                    ends.append(end)
                    logWeights.append(-w * Foundation.log(Double(unvisitedDegree[end])))
                }
            }
            node = ends[generator.nextCategorical(logWeights: logWeights)]
            strokes.append(WalkStroke(steps: [], dot: nil))
            trail = [graph.nodes[node]]
            let fresh = moves[node].filter { !visited[$0.edge] }
            take(fresh[Int(generator.next() % UInt64(fresh.count))])
        }

        if remaining > 0 { penDown() }
        while remaining > 0 {
            let options = moves[node]
            var logits = options.map { move -> Double in
                -lambda * (visited[move.edge] ? Self.revisitAngle : turn(trail, into: move)) / 180
            }
            logits.append(-lambda * Self.liftAngle / 180)
            let choice = generator.nextCategorical(logWeights: logits)
            if choice == options.count { penDown() } else { take(options[choice]) }
        }
        return strokes
    }

    /// The turn in degrees from the end of `trail` (at a node) into `move`: the angle between the chord into the
    /// node from the first trail point within ``junctionRadius`` and the chord out to ``Move/leaving``.
    func turn(_ trail: [SIMD2<Double>], into move: Move) -> Double {
        guard let leaving = move.leaving, let arriving = Self.chordEnd(trail[trail.count - 1], trail.reversed()) else {
            return Self.tooShortAngle
        }
        let node = trail[trail.count - 1]
        let incoming = node - arriving, outgoing = leaving - node
        let norms = ((incoming * incoming).sum() * (outgoing * outgoing).sum()).squareRoot()
        guard norms > 1e-12 else { return Self.tooShortAngle }
        let cosine = min(1, max(-1, (incoming * outgoing).sum() / norms))
        return Foundation.acos(cosine) * 180 / .pi
    }
}
