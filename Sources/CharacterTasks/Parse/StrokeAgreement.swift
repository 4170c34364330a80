import Render

/// How a parse's strokes agree with the strokes a person drew for the same image: the figures the paper does not
/// give for parsing (it shows pictures only), computed from the strokes' trajectories in motor space.
///
/// Strokes are matched one to one by an optimal assignment (the smaller set's strokes each to a different stroke
/// of the other) minimising the summed modified Hausdorff distance between their trajectories. Order and
/// direction are judged only when the counts agree: the order is the same when the matching pairs stroke i
/// with stroke i, and a matched stroke runs the same way when its start and end lie nearer the person's start
/// and end than the other way round.
public struct StrokeAgreement: Sendable {
    /// The number of strokes of the parse and of the person.
    public let counts: (parse: Int, human: Int)
    /// The mean modified Hausdorff distance (pixels) over matched strokes.
    public let meanDistance: Double
    /// Whether the matched strokes come in the same order (nil when the counts differ).
    public let sameOrder: Bool?
    /// The fraction of matched strokes drawn in the same direction (nil when the counts differ).
    public let sameDirection: Double?

    /// Whether the parse has as many strokes as the person drew.
    public var countMatches: Bool { counts.parse == counts.human }

    /// The agreement of `parse` with `human`, each a list of strokes given by their B-spline control points
    /// (motor space); each trajectory is evaluated at `samples` points.
    public init(parse: [[SIMD2<Double>]], human: [[SIMD2<Double>]], samples: Int = 40) {
        precondition(!parse.isEmpty && !human.isEmpty, "both drawings need a stroke")
        let (a, b) = (parse.map { BSpline.evaluate($0, evaluationCount: samples) }, human.map { BSpline.evaluate($0, evaluationCount: samples) })
        let cost = a.map { p in b.map { h in ModifiedHausdorff.distance(PointSet(p), PointSet(h)) } }
        let pairs = Self.assignment(cost)
        counts = (a.count, b.count)
        meanDistance = pairs.reduce(0) { $0 + cost[$1.0][$1.1] } / Double(pairs.count)
        guard a.count == b.count else {
            (sameOrder, sameDirection) = (nil, nil)
            return
        }
        sameOrder = pairs.allSatisfy { $0.0 == $0.1 }
        let forward = pairs.filter { i, j in
            let (p, h) = (a[i], b[j])
            let along = distance(p.first!, h.first!) + distance(p.last!, h.last!)
            let against = distance(p.first!, h.last!) + distance(p.last!, h.first!)
            return along <= against
        }
        sameDirection = Double(forward.count) / Double(pairs.count)
    }

    /// The minimum-cost one-to-one matching of rows to columns of `cost` (min(rows, columns) pairs), by dynamic
    /// programming over subsets of the larger side (characters have at most ten or so strokes).
    static func assignment(_ cost: [[Double]]) -> [(Int, Int)] {
        let transposed = cost.count > cost[0].count
        let c = transposed ? cost[0].indices.map { j in cost.map { $0[j] } } : cost
        let (rows, columns) = (c.count, c[0].count)
        // best[mask]: the least cost of matching rows 0..<popcount(mask) to the columns in mask.
        var best = [Double](repeating: .infinity, count: 1 << columns), choice = [Int](repeating: -1, count: 1 << columns)
        best[0] = 0
        for mask in 0..<(1 << columns) where best[mask] < .infinity {
            let row = mask.nonzeroBitCount
            guard row < rows else { continue }
            for column in 0..<columns where mask & (1 << column) == 0 {
                let next = mask | (1 << column), total = best[mask] + c[row][column]
                if total < best[next] { (best[next], choice[next]) = (total, column) }
            }
        }
        var mask = (0..<(1 << columns)).filter { $0.nonzeroBitCount == rows }.min { best[$0] < best[$1] }!
        var pairs: [(Int, Int)] = []
        for row in stride(from: rows - 1, through: 0, by: -1) {
            let column = choice[mask]
            pairs.append(transposed ? (column, row) : (row, column))
            mask &= ~(1 << column)
        }
        return pairs.reversed()
    }
}

private func distance(_ a: SIMD2<Double>, _ b: SIMD2<Double>) -> Double {
    ((a - b) * (a - b)).sum().squareRoot()
}
