import Kernels
import Random
import Render

/// One bottom-up parse: a set of strokes that together cover the skeleton graph.
public struct ProposedParse: Sendable {
    /// Each stroke's minimal uniform cubic B-spline (`SplineFit.minimal`, as for the training data), motor space;
    /// the first control point is near the stroke's start. Strokes are in the order and direction the walk drew
    /// them, which carry no meaning: the order and direction search reorders and flips them.
    public let strokes: [[SIMD2<Double>]]
    /// Each stroke's skeleton path (motor space, about 1 px between points), in the same order and direction.
    public let trajectories: [[SIMD2<Double>]]
}

/// The skeleton graph of an image and the distinct parses random walks on it found.
public struct ProposalSet: Sendable {
    /// The graph the walks ran on.
    public let graph: StrokeGraph
    /// Distinct parses (no two with the same strokes up to order and direction), in the order first drawn: the
    /// near-deterministic walks first.
    public let parses: [ProposedParse]
}

/// Bottom-up stroke proposals for a character image (the first stage of parsing, after BPL's `generate_random_parses`).
public enum BottomUpParser {
    /// Near-deterministic walks drawn before the random ones (BPL `nwalk_det`).
    public static let deterministicWalks = 5

    /// The skeleton graph of `image` and the distinct parses among `limit` random walks on it (BPL draws 150):
    /// the first ``deterministicWalks`` nearly deterministic, the rest with w and lambda drawn per walk.
    ///
    /// Walk i draws from stream i of `seed`, walks and spline fits are spread over the cores, and duplicates are
    /// removed in walk order, so the result depends only on the image, `limit` and `seed`. Throws
    /// ``ProposalError/noInk`` for an image without ink.
    public static func proposals(for image: BinaryImage, limit: Int = 150, seed: UInt64) throws -> ProposalSet {
        precondition(limit >= 1, "at least one walk")
        let graph = try StrokeGraph(image: image)
        let walker = RandomWalker(graph: graph)
        let walks = Parallel.map(0..<limit) { i -> [WalkStroke] in
            var generator = SeededGenerator(seed: seed, stream: UInt64(i))
            return walker.walk(deterministic: i < deterministicWalks, using: &generator)
        }

        // Distinct walks (as sets of canonical strokes), and the distinct strokes they use.
        var seenWalks = Set<[WalkStroke]>(), kept: [[WalkStroke]] = []
        var strokeIndex: [WalkStroke: Int] = [:], uniqueStrokes: [WalkStroke] = []
        for walk in walks {
            let key = walk.map(\.canonical).sorted()
            guard seenWalks.insert(key).inserted else { continue }
            kept.append(walk)
            for stroke in key where strokeIndex[stroke] == nil {
                strokeIndex[stroke] = uniqueStrokes.count
                uniqueStrokes.append(stroke)
            }
        }
        let trajectories = uniqueStrokes.map { trajectory(of: $0, walker: walker) }
        let splines = try Parallel.map(trajectories.indices) { try drawableSpline(trajectories[$0]) }

        let parses = kept.map { walk in
            var strokes: [[SIMD2<Double>]] = [], paths: [[SIMD2<Double>]] = []
            for stroke in walk {
                let canonical = stroke.canonical, index = strokeIndex[canonical]!
                let flipped = canonical != stroke
                strokes.append(flipped ? splines[index].reversed() : splines[index])
                paths.append(flipped ? trajectories[index].reversed() : trajectories[index])
            }
            return ProposedParse(strokes: strokes, trajectories: paths)
        }
        return ProposalSet(graph: graph, parses: parses)
    }

    /// The minimal spline of a stroke's trajectory, with at least the two control points the type prior draws
    /// (a start and one offset): a dot or a stroke short enough for one control point becomes the segment from
    /// its first point to its last (length zero for a dot), so its ink is still explained.
    static func drawableSpline(_ trajectory: [SIMD2<Double>]) throws -> [SIMD2<Double>] {
        let spline = try SplineFit.minimal(trajectory)
        return spline.count >= 2 ? spline : [trajectory[0], trajectory[trajectory.count - 1]]
    }

    /// The motor-space points of a stroke: its edges' paths joined end to end, or the dot's node.
    static func trajectory(of stroke: WalkStroke, walker: RandomWalker) -> [SIMD2<Double>] {
        if let dot = stroke.dot { return [walker.graph.nodes[dot]] }
        var points: [SIMD2<Double>] = []
        for code in stroke.steps {
            let path = walker.path(ofStep: code)
            points += points.isEmpty ? path[...] : path.dropFirst()
        }
        return points
    }
}
