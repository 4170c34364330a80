import Render

/// The one-pixel-wide, 8-connected skeleton of an image's ink and its critical points (endpoints and junctions).
///
/// Follows BPL's `extract_skeleton` (Lake et al. 2015, `bottomup/skeleton`): isolated one-pixel holes are filled,
/// the ink is thinned with the Guo-Hall two-subiteration algorithm (MATLAB's `bwmorph(..., 'thin', Inf)`, after
/// Lam, Lee & Suen 1992), and critical points are endpoints plus pixels with a crossing number of at least 3 or
/// at least 4 ink neighbours (Liu et al.). A component with no critical point (a closed loop) gets its top pixel.
/// One step BPL leaves to MATLAB's thinning: corner ("staircase") pixels that Guo-Hall may leave on a diagonal
/// are removed when that changes no topology, so every path pixel has two neighbours.
struct Skeleton {
    /// Side of the square grid (the Omniglot canvas).
    static let size = Coordinates.canvasSize
    /// Row/column offsets of the 8 neighbours in ring order: E, NE, N, NW, W, SW, S, SE (x1...x8 of Lam et al.).
    static let ring: [(dr: Int, dc: Int)] = [(0, 1), (-1, 1), (-1, 0), (-1, -1), (0, -1), (1, -1), (1, 0), (1, 1)]

    /// Row-major, `size * size`, true on skeleton pixels.
    private(set) var pixels: [Bool]

    /// The skeleton of `ink` (row-major, `size * size`, true = ink).
    init(ink: [Bool]) {
        precondition(ink.count == Self.size * Self.size, "a skeleton is taken of a 105x105 image")
        pixels = ink
        fillIsolatedHoles()
        thin()
        removeStaircases()
    }

    /// Bit k set when ring neighbour k of pixel `index` is on the skeleton.
    func neighbourhood(_ index: Int) -> Int {
        let r = index / Self.size, c = index % Self.size
        var mask = 0
        for (k, offset) in Self.ring.enumerated() {
            let rr = r + offset.dr, cc = c + offset.dc
            if rr >= 0, cc >= 0, rr < Self.size, cc < Self.size, pixels[rr * Self.size + cc] { mask |= 1 << k }
        }
        return mask
    }

    /// Skeleton pixels next to `index`, in ring order.
    func neighbours(of index: Int) -> [Int] {
        let r = index / Self.size, c = index % Self.size
        var result: [Int] = []
        for offset in Self.ring {
            let rr = r + offset.dr, cc = c + offset.dc
            if rr >= 0, cc >= 0, rr < Self.size, cc < Self.size, pixels[rr * Self.size + cc] { result.append(rr * Self.size + cc) }
        }
        return result
    }

    /// Critical pixels in row-major order: endpoints, isolated pixels, junctions, and the top pixel (leftmost
    /// among ties) of every component that has none of these (a closed loop).
    func criticalPoints() -> [Int] {
        var critical = [Bool](repeating: false, count: pixels.count)
        for index in pixels.indices where pixels[index] {
            critical[index] = Self.isCritical[neighbourhood(index)]
        }
        // Components without a critical point: flood fill, row-major, so the first pixel met is the top-left one.
        var seen = [Bool](repeating: false, count: pixels.count)
        for index in pixels.indices where pixels[index] && !seen[index] {
            var stack = [index], component: [Int] = []
            seen[index] = true
            while let pixel = stack.popLast() {
                component.append(pixel)
                for next in neighbours(of: pixel) where !seen[next] {
                    seen[next] = true
                    stack.append(next)
                }
            }
            if !component.contains(where: { critical[$0] }) { critical[component.min()!] = true }
        }
        return pixels.indices.filter { critical[$0] }
    }

    /// Whether a pixel with ring mask `m` is critical: no neighbour, an endpoint (one neighbour, or two that touch),
    /// or a junction (crossing number >= 3 or >= 4 neighbours).
    static let isCritical: [Bool] = (0..<256).map { m in
        let count = m.nonzeroBitCount
        let crossings = crossingNumber(m)
        return count == 0 || count == 1 || (count == 2 && crossings == 1) || crossings >= 3 || count >= 4
    }

    /// Half the number of on/off changes around the ring (Liu et al.'s crossing number).
    static func crossingNumber(_ m: Int) -> Int {
        var changes = 0
        for k in 0..<8 where (m >> k) & 1 != (m >> ((k + 1) % 8)) & 1 { changes += 1 }
        return changes / 2
    }

    // MARK: - Steps

    /// Sets background pixels whose 8 neighbours are all ink (MATLAB's `bwmorph(..., 'fill')`).
    private mutating func fillIsolatedHoles() {
        let holes = pixels.indices.filter { !pixels[$0] && neighbourhood($0) == 255 }
        for index in holes { pixels[index] = true }
    }

    /// Guo-Hall thinning to convergence; each subiteration deletes, all at once, the pixels its table marks.
    private mutating func thin() {
        var changed = true
        while changed {
            changed = false
            for table in [Self.guoHallFirst, Self.guoHallSecond] {
                let doomed = pixels.indices.filter { pixels[$0] && table[neighbourhood($0)] }
                for index in doomed { pixels[index] = false }
                changed = changed || !doomed.isEmpty
            }
        }
    }

    /// Removes, one at a time in row-major order, corner pixels (an on horizontal and an on vertical 4-neighbour)
    /// whose removal keeps the local topology (see ``isRemovableCorner``).
    private mutating func removeStaircases() {
        for index in pixels.indices where pixels[index] && Self.isRemovableCorner[neighbourhood(index)] {
            pixels[index] = false
        }
    }

    /// Guo-Hall conditions G1 and G2 (Lam, Lee & Suen 1992, p. 879) and, for each subiteration, G3 or G3'.
    private static func guoHall(_ m: Int, second: Bool) -> Bool {
        func x(_ i: Int) -> Int { (m >> ((i - 1) % 8)) & 1 }
        var crossings = 0
        for i in 1...4 where x(2 * i - 1) == 0 && (x(2 * i) == 1 || x(2 * i + 1) == 1) { crossings += 1 }
        var n1 = 0, n2 = 0
        for k in 1...4 {
            n1 += x(2 * k - 1) | x(2 * k)
            n2 += x(2 * k) | x(2 * k + 1)
        }
        let g3 = second ? ((x(6) | x(7) | (1 - x(4))) & x(5)) == 0 : ((x(2) | x(3) | (1 - x(8))) & x(1)) == 0
        return crossings == 1 && (2...3).contains(min(n1, n2)) && g3
    }

    private static let guoHallFirst = (0..<256).map { guoHall($0, second: false) }
    private static let guoHallSecond = (0..<256).map { guoHall($0, second: true) }

    /// Corner pixels that can go: an on horizontal and an on vertical 4-neighbour (so not a line end), the on
    /// neighbours one 8-connected group without the pixel, and the background around it one 4-connected group
    /// touching it (so no hole opens and no part is cut off).
    static let isRemovableCorner: [Bool] = (0..<256).map { m in
        let on = { (k: Int) in (m >> k) & 1 == 1 }
        guard (on(0) || on(4)) && (on(2) || on(6)) else { return false }
        let inkGroups = groups(of: (0..<8).filter(on), adjacent: { a, b in
            max(abs(ring[a].dr - ring[b].dr), abs(ring[a].dc - ring[b].dc)) == 1
        })
        // Background ring cells, 4-adjacent to each other; only groups with a 4-neighbour of the pixel count.
        let background = (0..<8).filter { !on($0) }
        let backgroundGroups = groups(of: background, adjacent: { a, b in
            abs(ring[a].dr - ring[b].dr) + abs(ring[a].dc - ring[b].dc) == 1
        })
        let touching = backgroundGroups.filter { $0.contains(where: { $0 % 2 == 0 }) }
        return inkGroups.count == 1 && touching.count == 1
    }

    /// The connected groups of `cells` under `adjacent`.
    private static func groups(of cells: [Int], adjacent: (Int, Int) -> Bool) -> [[Int]] {
        var remaining = cells, result: [[Int]] = []
        while let seed = remaining.popLast() {
            var group = [seed], frontier = [seed]
            while let cell = frontier.popLast() {
                let joined = remaining.filter { adjacent(cell, $0) }
                remaining.removeAll { joined.contains($0) }
                group += joined
                frontier += joined
            }
            result.append(group)
        }
        return result
    }
}
