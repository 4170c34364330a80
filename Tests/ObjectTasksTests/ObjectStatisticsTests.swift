import ObjectModel
import Testing
@testable import ObjectTasks

/// Plausibility and the histograms on small hand-built objects (size 6, y up from the floor at y = 0).
@Suite struct ObjectStatisticsTests {
    static func object(_ parts: [(String, SIMD3<Int>, SIMD3<Int>)]) throws -> PartVoxels {
        try PartVoxels(size: 6, parts: parts.map { PartBox(category: $0.0, lo: $0.1, hi: $0.2) })
    }

    /// A stool: two legs from the floor, a seat on them.
    static func stool() throws -> PartVoxels {
        try object([("leg", [0, 0, 0], [1, 3, 1]), ("leg", [4, 0, 0], [5, 3, 1]), ("seat", [0, 3, 0], [5, 4, 2])])
    }

    @Test func aStoolIsConnectedAndStands() throws {
        #expect(ObjectStatistics.isConnected(try Self.stool()))
        #expect(ObjectStatistics.isStanding(try Self.stool()))
    }

    @Test func touchingOnlyAtAnEdgeIsTwoPieces() throws {
        // Two boxes sharing an edge, not a face: 6-connectivity keeps them apart.
        let object = try Self.object([("seat", [0, 0, 0], [2, 2, 2]), ("back", [2, 2, 0], [4, 4, 2])])
        #expect(!ObjectStatistics.isConnected(object))
        #expect(!ObjectStatistics.isConnected(PartVoxels(size: 3)))
    }

    @Test func aShortLegOrAFloatingObjectDoesNotStand() throws {
        let shortLeg = try Self.object([("leg", [0, 0, 0], [1, 3, 1]), ("leg", [4, 1, 0], [5, 3, 1]), ("seat", [0, 3, 0], [5, 4, 2])])
        #expect(ObjectStatistics.isConnected(shortLeg) && !ObjectStatistics.isStanding(shortLeg))
        let floating = try Self.object([("top", [0, 2, 0], [4, 3, 4])])
        #expect(!ObjectStatistics.isStanding(floating))
        // A shelf side is not a leg: standing needs only some voxel on the floor.
        let shelf = try Self.object([("side", [0, 0, 0], [1, 5, 3]), ("shelf", [1, 4, 0], [4, 5, 3])])
        #expect(ObjectStatistics.isStanding(shelf))
    }

    @Test func histogramsCountPartsAndCategories() throws {
        let floating = try Self.object([("top", [0, 2, 0], [4, 3, 4])])
        let statistics = ObjectStatistics([try Self.stool(), try Self.stool(), floating])
        #expect(statistics.objects == 3 && statistics.partCounts == [3: 2, 1: 1])
        #expect(statistics.categories == ["leg": 4, "seat": 2, "top": 1])
        #expect(statistics.connected == 3 && statistics.standing == 2 && statistics.plausible == 2)
        #expect(abs(statistics.meanPartCount - 7.0 / 3) < 1e-12)
        let table = ObjectStatistics.table([("a", statistics), ("b", ObjectStatistics([try Self.stool()]))])
        #expect(table.contains("| objects with 1 part | 33.3 % | 0.0 % |"))
        #expect(table.contains("| **plausible** (both) | 66.7 % | 100.0 % |"))
    }
}

/// Matching an explanation's parts to the true ones.
@Suite struct PartMatchTests {
    @Test func partsMatchByOverlapAndCountWhenTheirCategoriesAgree() throws {
        let truth = try ObjectStatisticsTests.stool()
        #expect(PartMatch(truth: truth, explanation: truth) == PartMatch(trueParts: 3, explainedParts: 3, sameCategory: 3))
        // The seat explained as a "top" and the two legs as one wide leg: one leg matches, seat's category differs.
        let explanation = try ObjectStatisticsTests.object([("leg", [0, 0, 0], [5, 3, 1]), ("top", [0, 3, 0], [5, 4, 2])])
        let match = PartMatch(truth: truth, explanation: explanation)
        #expect(match.trueParts == 3 && match.explainedParts == 2 && match.sameCategory == 1)
        // Nothing overlapping: nothing matches.
        let elsewhere = try ObjectStatisticsTests.object([("leg", [5, 5, 5], [6, 6, 6])])
        #expect(PartMatch(truth: truth, explanation: elsewhere).sameCategory == 0)
    }
}
