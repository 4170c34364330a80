import Render
import Testing
@testable import CharacterTasks

@Suite struct ModifiedHausdorffTests {
    /// A 105x105 image with ink at the given (row, column) pixels.
    static func image(_ ink: [(Int, Int)]) throws -> BinaryImage {
        var pixels = [Bool](repeating: false, count: 105 * 105)
        for (r, c) in ink { pixels[r * 105 + c] = true }
        return try BinaryImage(pixels: pixels)
    }

    /// The definition computed the slow way: every pair, in Double, no SIMD.
    static func bruteForce(_ a: [(Int, Int)], _ b: [(Int, Int)]) -> Double {
        func centred(_ p: [(Int, Int)]) -> [(Double, Double)] {
            let mr = Double(p.map(\.0).reduce(0, +)) / Double(p.count), mc = Double(p.map(\.1).reduce(0, +)) / Double(p.count)
            return p.map { (Double($0.0) - mr, Double($0.1) - mc) }
        }
        let ca = centred(a), cb = centred(b)
        func meanNearest(_ x: [(Double, Double)], _ y: [(Double, Double)]) -> Double {
            x.map { p in y.map { q in ((p.0 - q.0) * (p.0 - q.0) + (p.1 - q.1) * (p.1 - q.1)).squareRoot() }.min()! }.reduce(0, +) / Double(x.count)
        }
        return max(meanNearest(ca, cb), meanNearest(cb, ca))
    }

    @Test func translatedInkIsAtDistanceZero() throws {
        let shape = [(10, 10), (10, 11), (11, 12), (30, 40)]
        let moved = shape.map { ($0.0 + 20, $0.1 + 7) }
        let d = ModifiedHausdorff.distance(PointSet(centredInkOf: try Self.image(shape)), PointSet(centredInkOf: try Self.image(moved)))
        #expect(abs(d) < 1e-12)
    }

    @Test func matchesTheDefinitionOnUnevenSets() throws {
        // Sizes 7 and 13: neither a multiple of the SIMD width, so the padding lanes must not count.
        let a = (0..<7).map { (20 + 3 * $0, 30 + $0 * $0 % 11) }
        let b = (0..<13).map { (50 + $0 % 5, 10 + 4 * $0) }
        let fast = ModifiedHausdorff.distance(PointSet(centredInkOf: try Self.image(a)), PointSet(centredInkOf: try Self.image(b)))
        let slow = Self.bruteForce(a, b)
        #expect(abs(fast - slow) < 1e-9 * slow, "\(fast) vs \(slow)")
        let reversed = ModifiedHausdorff.distance(PointSet(centredInkOf: try Self.image(b)), PointSet(centredInkOf: try Self.image(a)))
        #expect(abs(reversed - fast) < 1e-9 * slow, "symmetric")
    }

    @Test func blankImageIsInfinitelyFar() throws {
        let d = ModifiedHausdorff.distance(PointSet(centredInkOf: try Self.image([])), PointSet(centredInkOf: try Self.image([(5, 5)])))
        #expect(d == .infinity)
    }
}
