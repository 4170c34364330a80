import Testing
@testable import ObjectModel

@Suite struct PartVoxelsTests {
    @Test func boxesFillExactlyTheirVoxelsAndLaterPartsWin() throws {
        let grid = try PartVoxels(size: 8, parts: [
            PartBox(category: "seat", lo: [1, 2, 3], hi: [4, 3, 5]),    // 3 x 1 x 2 = 6 voxels
            PartBox(category: "leg", lo: [3, 0, 4], hi: [4, 4, 5]),     // 1 x 4 x 1 = 4 voxels, one shared with the seat
        ])
        #expect(grid.categories == ["seat", "leg"])
        #expect(grid.filledCount == 6 + 4 - 1)
        #expect(grid[x: 1, y: 2, z: 3] == 1)
        #expect(grid[x: 3, y: 2, z: 4] == 2, "the leg, added later, owns the shared voxel")
        #expect(grid[x: 4, y: 2, z: 3] == 0, "hi is excluded")
        #expect(grid.occupancy.reduce(0, +) == 9)
    }

    @Test func partsAreCutToTheGridAndEmptyOnesRejected() throws {
        let cut = try PartVoxels(size: 4, parts: [PartBox(category: "top", lo: [-5, 3, 2], hi: [10, 9, 3])])
        #expect(cut.filledCount == 4 * 1 * 1)
        #expect(throws: ObjectModelError.emptyPart(index: 1, lo: [0, 0, 0], hi: [2, 0, 2], size: 4)) {
            try PartVoxels(size: 4, parts: [PartBox(category: "a", lo: [0, 0, 0], hi: [1, 1, 1]),
                                            PartBox(category: "b", lo: [0, 0, 0], hi: [2, 0, 2])])
        }
    }

    @Test func storedLabelsAreChecked() {
        #expect(throws: ObjectModelError.self) { try PartVoxels(size: 2, categories: ["a"], labels: [0, 1, 2, 0, 0, 0, 0, 0]) }
        #expect(throws: ObjectModelError.self) { try PartVoxels(size: 2, categories: ["a"], labels: [0, 1]) }
    }
}
