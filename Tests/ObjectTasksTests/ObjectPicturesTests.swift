import Images
import ObjectModel
import Testing
@testable import ObjectTasks

@Suite struct ObjectPicturesTests {
    static func cube() throws -> PartVoxels {
        try PartVoxels(size: 4, parts: [PartBox(category: "top", lo: [1, 1, 1], hi: [3, 3, 3]), PartBox(category: "leg", lo: [0, 0, 0], hi: [1, 1, 1])])
    }

    @Test func voxFileHasItsChunksAndOneEntryPerVoxel() throws {
        let bytes = MagicaVoxel.encode(try Self.cube()) { $0 == "top" ? [10, 20, 30] : [40, 50, 60] }
        func int32(at offset: Int) -> Int { Int(Int32(littleEndian: bytes[offset..<(offset + 4)].withUnsafeBytes { $0.loadUnaligned(as: Int32.self) })) }
        #expect(Array(bytes[0..<4]) == Array("VOX ".utf8) && int32(at: 4) == 150)
        #expect(Array(bytes[8..<12]) == Array("MAIN".utf8) && int32(at: 16) == bytes.count - 20)
        #expect(Array(bytes[20..<24]) == Array("SIZE".utf8) && int32(at: 32) == 4)
        #expect(Array(bytes[44..<48]) == Array("XYZI".utf8) && int32(at: 56) == 9, "8 + 1 voxels")
        // The leg's voxel (0, 0, 0) has palette index 2 (categories in order: top, leg); colour 2 is palette entry 1.
        let firstVoxel = Array(bytes[60..<64])
        #expect(firstVoxel == [0, 0, 0, 2])
        let rgba = 60 + 9 * 4
        #expect(Array(bytes[rgba..<(rgba + 4)]) == Array("RGBA".utf8))
        #expect(Array(bytes[(rgba + 12 + 4)..<(rgba + 12 + 7)]) == [40, 50, 60])
    }

    @Test func sheetDrawsEachObjectInItsCellWithItsColours() throws {
        let sheet = ObjectSheet(categories: ["top", "leg"], voxelPixels: 3)
        let raster = sheet.raster([try Self.cube(), try Self.cube(), try Self.cube()])
        let cell = sheet.cellSide(size: 4)
        #expect(raster.width == 2 * (cell + ObjectSheet.gap) + ObjectSheet.gap)
        // The top's colour (first palette entry, top face unshaded) appears; the leg is hidden behind the top box.
        var colours = Set<[UInt8]>()
        for i in stride(from: 0, to: raster.pixels.count, by: 3) { colours.insert(Array(raster.pixels[i..<(i + 3)])) }
        #expect(colours.contains([78, 121, 167]))
        #expect(colours.contains([235, 235, 235]) && colours.contains([255, 255, 255]))
    }
}
