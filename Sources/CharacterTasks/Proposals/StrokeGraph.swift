import Render

/// Why bottom-up proposals could not be made for an image.
public enum ProposalError: Error, Equatable, CustomStringConvertible {
    /// The image has no ink, so there is nothing to parse.
    case noInk

    /// A sentence naming the problem.
    public var description: String {
        switch self {
        case .noInk: "the image has no ink (every pixel is background), so there are no strokes to propose"
        }
    }
}

/// The undirected multigraph of an image's skeleton: critical points as nodes, the skeleton paths between them as
/// edges (self-loops and parallel edges allowed). Every point is in motor space (x right, y up; see `Coordinates`).
///
/// Built as BPL's `extract_skeleton` builds it: thin the ink (``Skeleton``), trace the pixel paths between critical
/// points, then merge critical points whose largest inscribed ink discs (radius at most 6.4 px) touch, so a thick
/// crossing or a short spur inside thick ink becomes one node; edges left wholly inside the discs are dropped.
/// Critical points that are pixel neighbours are merged too (BPL's earlier `graph_merge`), for thin ink.
public struct StrokeGraph: Sendable {
    /// A skeleton path between two nodes.
    public struct Edge: Sendable, Equatable {
        /// The node the path starts at.
        public let start: Int
        /// The node the path ends at (equal to `start` for a loop).
        public let end: Int
        /// The path, about one pixel between points, from `nodes[start]` to `nodes[end]` inclusive.
        public let path: [SIMD2<Double>]
    }

    /// Node positions.
    public let nodes: [SIMD2<Double>]
    /// The edges.
    public let edges: [Edge]
    /// The thinned ink, row-major 105x105, true on skeleton pixels (for pictures).
    public let skeleton: [Bool]

    /// The graph of `image`'s ink (pixels above 0.5); throws ``ProposalError/noInk`` for an empty image.
    public init(image: BinaryImage) throws(ProposalError) {
        let ink = image.pixels.map { $0 > 0.5 }
        guard ink.contains(true) else { throw .noInk }
        let skeleton = Skeleton(ink: ink)
        let traced = Trace(skeleton: skeleton)
        let merged = traced.merged(ink: ink)
        self.skeleton = skeleton.pixels
        nodes = merged.nodes.map(Coordinates.motorFromImage)
        edges = merged.edges.map { Edge(start: $0.start, end: $0.end, path: $0.path.map(Coordinates.motorFromImage)) }
    }

    /// Number of edge ends at `node` (a loop counts twice).
    public func degree(of node: Int) -> Int {
        edges.reduce(0) { $0 + ($1.start == node ? 1 : 0) + ($1.end == node ? 1 : 0) }
    }
}

/// The raw graph traced on a skeleton, in image space `(row, column)`, before critical points are merged.
private struct Trace {
    typealias Edge = (start: Int, end: Int, path: [SIMD2<Double>])
    /// Pixel index of each node.
    var nodePixels: [Int]
    var edges: [Edge] = []

    /// Follows every branch out of every critical point until it reaches a critical point (BPL's `trace_graph`):
    /// the first step avoids the other branches of the start, steps prefer a critical pixel and then the nearest
    /// pixel (4-neighbours first). A path that runs into explained pixels ends there, at a new node.
    init(skeleton: Skeleton) {
        let size = Skeleton.size
        nodePixels = skeleton.criticalPoints()
        var nodeAt = [Int](repeating: -1, count: size * size)
        for (n, pixel) in nodePixels.enumerated() { nodeAt[pixel] = n }
        var explained = [Bool](repeating: false, count: size * size)
        func point(_ pixel: Int) -> SIMD2<Double> { SIMD2(Double(pixel / size), Double(pixel % size)) }
        func cityBlock(_ a: Int, _ b: Int) -> Int { abs(a / size - b / size) + abs(a % size - b % size) }

        var n = 0
        while n < nodePixels.count {
            let start = nodePixels[n]
            let branches = skeleton.neighbours(of: start)
            for branch in branches {
                if nodeAt[branch] >= 0 {
                    // Two neighbouring critical pixels: one edge, added from the later one.
                    if branch < start { edges.append((n, nodeAt[branch], [point(start), point(branch)])) }
                    continue
                }
                if explained[branch] { continue }
                explained[branch] = true
                var path = [start, branch], current = branch, first = true
                while nodeAt[current] < 0 {
                    var candidates = skeleton.neighbours(of: current).filter { !explained[$0] }
                    if first {
                        let away = candidates.filter { $0 != start && !branches.contains($0) }
                        candidates = away.isEmpty ? candidates.filter { $0 != start } : away
                    }
                    let critical = candidates.filter { nodeAt[$0] >= 0 }
                    if !critical.isEmpty { candidates = critical }
                    guard let next = candidates.min(by: { cityBlock(current, $0) < cityBlock(current, $1) }) else {
                        nodeAt[current] = nodePixels.count
                        nodePixels.append(current)
                        break
                    }
                    if nodeAt[next] < 0 { explained[next] = true }
                    path.append(next)
                    current = next
                    first = false
                }
                edges.append((n, nodeAt[current], path.map(point)))
            }
            n += 1
        }
    }

    /// Disc masks of growing radius (BPL's `circle_masks.mat`: squared radii 2, 5, 10, 20, 29, 41, so at most 6.4 px).
    static let discs: [[(dr: Int, dc: Int)]] = [2, 5, 10, 20, 29, 41].map { squared in
        var disc: [(dr: Int, dc: Int)] = []
        for dr in -7...7 { for dc in -7...7 where dr * dr + dc * dc <= squared { disc.append((dr, dc)) } }
        return disc
    }

    /// The graph with critical points merged (BPL's `UGraph.clean_skeleton`): each node marks the largest disc of
    /// ``discs`` around it that is all ink (off-canvas pixels ignored); nodes in one 4-connected region of marked
    /// pixels, or on neighbouring pixels, become one node at their mean position. An edge between merged nodes is
    /// dropped when all its pixels are marked or are merged nodes, else it stays as a loop. Paths are re-spaced
    /// to about 1 px where a moved end left a gap.
    func merged(ink: [Bool]) -> (nodes: [SIMD2<Double>], edges: [Edge]) {
        let size = Skeleton.size
        var marked = [Bool](repeating: false, count: size * size)
        for pixel in nodePixels {
            let r = pixel / size, c = pixel % size
            for disc in Self.discs {
                let cells = disc.map { (r + $0.dr, c + $0.dc) }.filter { $0.0 >= 0 && $0.1 >= 0 && $0.0 < size && $0.1 < size }
                guard cells.allSatisfy({ ink[$0.0 * size + $0.1] }) else { break }
                for cell in cells { marked[cell.0 * size + cell.1] = true }
            }
        }
        let regions = Self.regions4(marked)

        var parent = Array(nodePixels.indices)
        func root(_ a: Int) -> Int {
            var a = a
            while parent[a] != a { a = parent[a] }
            return a
        }
        func union(_ a: Int, _ b: Int) {
            let ra = root(a), rb = root(b)
            if ra != rb { parent[max(ra, rb)] = min(ra, rb) }
        }
        for a in nodePixels.indices {
            for b in (a + 1)..<nodePixels.count {
                let pa = nodePixels[a], pb = nodePixels[b]
                let touching = max(abs(pa / size - pb / size), abs(pa % size - pb % size)) <= 1
                let sameRegion = regions[pa] > 0 && regions[pa] == regions[pb]
                if touching || sameRegion { union(a, b) }
            }
        }
        // New node numbers in order of each group's first member; positions are the members' mean.
        var newIndex = [Int](repeating: -1, count: nodePixels.count)
        var sums: [SIMD2<Double>] = [], counts: [Double] = []
        for a in nodePixels.indices {
            let r = root(a)
            if newIndex[r] < 0 {
                newIndex[r] = sums.count
                sums.append(.zero)
                counts.append(0)
            }
            newIndex[a] = newIndex[r]
            sums[newIndex[a]] += SIMD2(Double(nodePixels[a] / size), Double(nodePixels[a] % size))
            counts[newIndex[a]] += 1
        }
        let nodes = zip(sums, counts).map { $0 / $1 }
        var isNodePixel = [Bool](repeating: false, count: size * size)
        for pixel in nodePixels { isNodePixel[pixel] = true }

        var result: [Edge] = []
        for edge in edges {
            let start = newIndex[edge.start], end = newIndex[edge.end]
            let moved = nodes[start] != edge.path[0] || nodes[end] != edge.path[edge.path.count - 1]
            if start == end && (moved || edge.start != edge.end) {
                let inside = edge.path.allSatisfy { p in
                    let pixel = Int(p.x) * size + Int(p.y)
                    return marked[pixel] || isNodePixel[pixel]
                }
                if inside { continue }
            }
            var path = edge.path
            path[0] = nodes[start]
            path[path.count - 1] = nodes[end]
            result.append((start, end, Self.filledGaps(path)))
        }
        return (nodes, result)
    }

    /// 4-connected region labels (1, 2, ...) of the marked pixels; 0 elsewhere.
    private static func regions4(_ marked: [Bool]) -> [Int] {
        let size = Skeleton.size
        var labels = [Int](repeating: 0, count: marked.count)
        var next = 0
        for seed in marked.indices where marked[seed] && labels[seed] == 0 {
            next += 1
            labels[seed] = next
            var stack = [seed]
            while let pixel = stack.popLast() {
                let r = pixel / size, c = pixel % size
                for (rr, cc) in [(r - 1, c), (r + 1, c), (r, c - 1), (r, c + 1)]
                where rr >= 0 && cc >= 0 && rr < size && cc < size && marked[rr * size + cc] && labels[rr * size + cc] == 0 {
                    labels[rr * size + cc] = next
                    stack.append(rr * size + cc)
                }
            }
        }
        return labels
    }

    /// `path` with evenly spaced points inserted into any step longer than 1.5 px (BPL's `expand_unif_interp`,
    /// which the merge applies after moving path ends).
    private static func filledGaps(_ path: [SIMD2<Double>]) -> [SIMD2<Double>] {
        var result = [path[0]]
        for p in path.dropFirst() {
            let q = result[result.count - 1], d = p - q
            let length = (d * d).sum().squareRoot()
            if length > 1.5 {
                let pieces = Int(length.rounded())
                for i in 1..<pieces { result.append(q + d * (Double(i) / Double(pieces))) }
            }
            result.append(p)
        }
        return result
    }
}
