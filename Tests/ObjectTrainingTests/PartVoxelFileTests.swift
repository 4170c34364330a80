import Foundation
import ObjectModel
import Testing
@testable import ObjectTraining

@Suite struct PartVoxelFileTests {
    static func sample() throws -> PartVoxelSet {
        PartVoxelSet(objects: [
            .init(kind: "stool", voxels: try PartVoxels(size: 6, parts: [PartBox(category: "leg", lo: [0, 0, 0], hi: [1, 3, 1]),
                                                                         PartBox(category: "seat", lo: [0, 3, 0], hi: [4, 4, 4])])),
            .init(kind: "slab", voxels: try PartVoxels(size: 6, parts: [PartBox(category: "top", lo: [1, 1, 1], hi: [5, 2, 5])])),
        ])
    }

    @Test func roundTripsExactly() throws {
        let set = try Self.sample()
        let read = try PartVoxelSet(decoding: set.encoded(), path: "mem.gnsvox")
        #expect(read == set)
    }

    @Test func damagedFilesAreErrorsNamingThePath() throws {
        let bytes = try Self.sample().encoded()
        let cases: [([UInt8], String)] = [
            (Array("PNG....".utf8), "does not start with GNSVOX1"),
            (Array(bytes.prefix(bytes.count - 6)), "compressed body is damaged"),
            (bytes.enumerated().map { $0.offset == bytes.count - 1 ? $0.element ^ 0xFF : $0.element }, "compressed body is damaged"),
        ]
        for (damaged, problem) in cases {
            #expect {
                try PartVoxelSet(decoding: damaged, path: "bad.gnsvox")
            } throws: { error in
                let text = "\(error)"
                return text.hasPrefix("bad.gnsvox: ") && text.contains(problem)
            }
        }
        #expect(throws: PartVoxelFileError.self) { try PartVoxelSet(contentsOf: "/nonexistent/set.gnsvox") }
    }

    @Test func proceduralObjectsDoNotDependOnHowManyAreMade() throws {
        let programs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("Programs").path
        let maker = try ProceduralObjects(programs: try ObjectPrograms.directory(explicit: programs))
        let five = try maker.objects(count: 5, seed: 3)
        #expect(five.objects.count == 5)
        #expect(try maker.object(4, seed: 3) == five.objects[4])
        #expect(five.objects[0] != five.objects[1])
    }
}
