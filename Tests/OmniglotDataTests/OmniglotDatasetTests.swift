import Compression
import Foundation
import Testing
@testable import OmniglotData

@Suite struct OmniglotDatasetTests {
    @Test func backgroundUnionMatchesTheReadme() throws {
        guard let directory = TestData.omniglotDirectory() else { return }
        let start = Date()
        let dataset = try OmniglotDataset(.background, in: directory)
        // README: 8 distinct alphabets, 242 characters x 20 drawers = 4,840 drawings (Greek and Latin counted once).
        #expect(dataset.alphabets.count == 8)
        #expect(dataset.characterCount == 242)
        #expect(dataset.drawings.count == 4840)
        #expect(Set(dataset.drawings.map(\.drawer)) == Set(1...20))
        #expect(dataset.drawings.allSatisfy { $0.strokePath != nil })
        print("listed the background set in \(String(format: "%.2f", Date().timeIntervalSince(start))) s")
    }

    @Test func imagesAndStrokesOfSampledDrawings() throws {
        guard let directory = TestData.omniglotDirectory() else { return }
        let dataset = try OmniglotDataset(.background, in: directory)
        let start = Date()
        // Every 97th drawing: a spread over all alphabets without reading all 4,840.
        for drawing in stride(from: 0, to: dataset.drawings.count, by: 97).map({ dataset.drawings[$0] }) {
            let image = try dataset.image(of: drawing)
            #expect(image.width == 105 && image.height == 105 && image.channels == 1)
            let ink = image.inkIntensities().reduce(0, +)
            #expect(ink > 10)
            let strokes = try dataset.strokes(of: drawing)
            #expect(!strokes.isEmpty)
            // Motor space: x in [0, 105], y in [-105, 0] (allowing a pen slightly off the canvas).
            for point in strokes.flatMap(\.points) { #expect(point.x > -20 && point.x < 125 && point.y < 20 && point.y > -125) }
        }
        print("decoded 50 images and stroke files in \(String(format: "%.2f", Date().timeIntervalSince(start))) s")
    }

    @Test func knownStrokeFileHasOneStroke() throws {
        guard let directory = TestData.omniglotDirectory() else { return }
        let dataset = try OmniglotDataset(.background, in: directory)
        let drawing = try #require(dataset.drawings.first { $0.key == "Balinese/character01/0108_01" })
        let strokes = try dataset.strokes(of: drawing)
        // `grep -c BREAK` on this file gives 1; its first row is 18.954528,-43.534334,0.
        #expect(strokes.count == 1)
        #expect(strokes[0].points[0] == SIMD2(18.954528, -43.534334))
        #expect(strokes[0].times[0] == 0)
    }

    @Test func zipAndUnpackedFolderGiveTheSameDataset() throws {
        guard let shared = TestData.omniglotDirectory() else { return }
        let folder = try TestData.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let zipped = try TestData.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: zipped) }
        // One directory with the small1 zips (linked), one with two of their alphabets unpacked by our own ZIP
        // reader (all five take a minute in a debug build).
        let alphabets = ["Early_Aramaic", "Greek"]
        for name in ["images_background_small1", "strokes_background_small1"] {
            let source = (shared.path as NSString).appendingPathComponent(name + ".zip")
            try FileManager.default.createSymbolicLink(atPath: (zipped as NSString).appendingPathComponent(name + ".zip"), withDestinationPath: source)
            let archive = try ZipArchive(path: source)
            for entry in archive.entries where alphabets.contains(where: { entry.path.hasPrefix(name + "/" + $0 + "/") }) {
                let target = (folder as NSString).appendingPathComponent(entry.path)
                if entry.isDirectory {
                    try FileManager.default.createDirectory(atPath: target, withIntermediateDirectories: true)
                } else {
                    try FileManager.default.createDirectory(atPath: (target as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
                    try Data(try archive.contents(of: entry)).write(to: URL(fileURLWithPath: target))
                }
            }
        }
        let fromZip = try OmniglotDataset(.background, in: try OmniglotDirectory(path: zipped))
        let fromFolder = try OmniglotDataset(.background, in: try OmniglotDirectory(path: folder))
        #expect(fromZip.imageContainers[0].isArchive && !fromFolder.imageContainers[0].isArchive)
        #expect(fromZip.drawings.count == 2720)
        let zipSubset = fromZip.drawings.filter { alphabets.contains($0.alphabet) }
        #expect(fromFolder.alphabets == alphabets)
        #expect(zipSubset == fromFolder.drawings)
        for index in stride(from: 0, to: zipSubset.count, by: 97) {
            let drawing = zipSubset[index]
            #expect(try fromZip.image(of: drawing) == fromFolder.image(of: drawing))
            #expect(try fromZip.strokes(of: drawing) == fromFolder.strokes(of: drawing))
        }
    }

    @Test func missingDataIsAClearError() throws {
        #expect(throws: OmniglotError.missingDataDirectory(path: "/no/such/dir", origin: "$GNS_DATA")) {
            try OmniglotDirectory.resolve(option: nil, environment: ["GNS_DATA": "/no/such/dir"])
        }
        let empty = try TestData.temporaryFolder()
        defer { try? FileManager.default.removeItem(atPath: empty) }
        #expect(throws: OmniglotError.self) { try OmniglotDataset(.evaluation, in: try OmniglotDirectory(path: empty)) }
        // A file where the directory should be is named as such, not as missing.
        let file = empty + "/passwd"
        #expect(FileManager.default.createFile(atPath: file, contents: Data("root:x:0:0".utf8)))
        #expect(throws: OmniglotError.dataPathNotADirectory(path: file, origin: "--data")) { try OmniglotDirectory.resolve(option: file) }
        #expect(OmniglotError.dataPathNotADirectory(path: file, origin: "--data").description.contains("is a file, not a directory"))
        // --data wins over $GNS_DATA.
        let chosen = try OmniglotDirectory.resolve(option: empty, environment: ["GNS_DATA": "/no/such/dir"])
        #expect(chosen.path == empty)
    }
}
