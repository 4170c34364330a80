import Testing
@testable import CharacterTasks

/// Comparing a parse's strokes with the person's: matching, order and direction.
@Suite struct StrokeAgreementTests {
    static let bar: [SIMD2<Double>] = [[20, -50], [35, -50], [50, -50], [65, -50]]
    static let post: [SIMD2<Double>] = [[40, -20], [40, -40], [40, -60], [40, -80]]
    static let hook: [SIMD2<Double>] = [[70, -20], [75, -30], [70, -40], [60, -45]]

    @Test func theSameStrokesAgreeFully() {
        let agreement = StrokeAgreement(parse: [Self.bar, Self.post], human: [Self.bar, Self.post])
        #expect(agreement.countMatches && agreement.meanDistance < 1e-12)
        #expect(agreement.sameOrder == true && agreement.sameDirection == 1)
    }

    @Test func orderAndDirectionAreReadFromTheMatching() {
        // The parse draws the post first, and the bar backwards: the matching still pairs them by shape.
        let agreement = StrokeAgreement(parse: [Self.post, Array(Self.bar.reversed())], human: [Self.bar, Self.post])
        #expect(agreement.countMatches && agreement.meanDistance < 1e-12)
        #expect(agreement.sameOrder == false && agreement.sameDirection == 0.5)
    }

    @Test func aMissingStrokeIsACountMismatchWithTheRestMatched() {
        let agreement = StrokeAgreement(parse: [Self.post], human: [Self.bar, Self.hook, Self.post])
        #expect(!agreement.countMatches && agreement.counts.parse == 1 && agreement.counts.human == 3)
        #expect(agreement.meanDistance < 1e-12, "the one parse stroke is matched with its twin")
        #expect(agreement.sameOrder == nil && agreement.sameDirection == nil)
    }

    @Test func theAssignmentIsTheCheapestOfAllMatchings() {
        // Against brute force over every injection of the smaller side, on seeded random costs of up to 5 x 6.
        var state: UInt64 = 12345
        func next() -> Double {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Double(state >> 11) / Double(1 << 53)
        }
        for (rows, columns) in [(1, 1), (2, 3), (3, 2), (4, 4), (5, 6), (6, 4)] {
            let cost = (0..<rows).map { _ in (0..<columns).map { _ in next() } }
            let pairs = StrokeAgreement.assignment(cost)
            #expect(pairs.count == min(rows, columns))
            #expect(Set(pairs.map(\.0)).count == pairs.count && Set(pairs.map(\.1)).count == pairs.count)
            let total = pairs.reduce(0) { $0 + cost[$1.0][$1.1] }
            let (small, large) = rows <= columns ? (rows, columns) : (columns, rows)
            func pairCost(_ s: Int, _ l: Int) -> Double { rows <= columns ? cost[s][l] : cost[l][s] }
            func cheapest(_ s: Int, _ used: Set<Int>) -> Double {
                if s == small { return 0 }
                return (0..<large).filter { !used.contains($0) }.map { pairCost(s, $0) + cheapest(s + 1, used.union([$0])) }.min()!
            }
            #expect(abs(total - cheapest(0, [])) < 1e-12, "\(rows) x \(columns)")
        }
    }
}
