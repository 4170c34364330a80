import Foundation
import Random
import Testing
@testable import Compression

@Suite struct ZipArchiveTests {
    static let small = TestData.bytes(hex: ZlibFixtures.zipArchive.hex)

    @Test func readsStoredAndDeflatedEntriesPastAComment() throws {
        let archive = try ZipArchive(bytes: Self.small, path: "small.zip")
        #expect(archive.entries.map(\.path) == ["folder/", "folder/stored.txt", "folder/text.txt"])
        #expect(archive.entries.map(\.method) == [0, 0, 8])
        #expect(archive.entry("folder/")?.isDirectory == true)
        #expect(try archive.contents(of: "folder/stored.txt") == Array("stored bytes\n".utf8))
        #expect(try archive.contents(of: "folder/text.txt") == TestData.text)
        #expect(throws: ZipError(archive: "small.zip", entry: "missing", problem: .entryNotFound("missing"))) {
            try archive.contents(of: "missing")
        }
    }

    @Test func errorsNameTheArchiveAndEntry() throws {
        var bytes = Self.small
        // Corrupt one byte of the deflated entry's data: the CRC (or the decoder) must catch it.
        let archive = try ZipArchive(bytes: bytes, path: "x.zip")
        let entry = try #require(archive.entry("folder/text.txt"))
        let dataStart = Self.localDataStart(bytes, entry: entry)
        bytes[dataStart + entry.compressedSize / 2] ^= 0x10
        let corrupted = try ZipArchive(bytes: bytes, path: "x.zip")
        do {
            _ = try corrupted.contents(of: entry)
            Issue.record("corruption went unnoticed")
        } catch {
            #expect(error.archive == "x.zip" && error.entry == "folder/text.txt")
            #expect(error.description.hasPrefix("x.zip: entry 'folder/text.txt': "))
        }
        #expect(throws: ZipError.self) { try ZipArchive(bytes: Array(Self.small.prefix(100)), path: "cut.zip") }
        #expect(throws: ZipError(archive: "/no/such.zip", problem: .unreadable("no such file"))) {
            try ZipArchive(path: "/no/such.zip")
        }
    }

    static func localDataStart(_ bytes: [UInt8], entry: ZipEntry) -> Int {
        let offset = entry.localHeaderOffset
        return offset + 30 + Int(bytes[offset + 26]) + Int(bytes[offset + 27]) << 8 + Int(bytes[offset + 28]) + Int(bytes[offset + 29]) << 8
    }

    @Test func corruptedArchivesNeverTrap() {
        var generator = SeededGenerator(seed: 77)
        var failures = 0
        for round in 0..<400 {
            var data = Self.small
            if round % 3 == 0 {
                data = Array(data.prefix(Int(generator.next() % UInt64(data.count))))
            } else {
                for _ in 0...(generator.next() % 3) {
                    data[Int(generator.next() % UInt64(data.count))] = UInt8(truncatingIfNeeded: generator.next())
                }
            }
            do {
                let archive = try ZipArchive(bytes: data, path: "fuzz.zip")
                for entry in archive.entries { _ = try archive.contents(of: entry) }
            } catch {
                failures += 1
            }
        }
        #expect(failures > 100)
    }

    @Test func readsTheRealOmniglotArchive() throws {
        guard let path = TestData.omniglotFile("images_background_small1.zip") else {
            print("skipping: ../shared/omniglot/images_background_small1.zip not found")
            return
        }
        let archive = try ZipArchive(path: path)
        // `unzip -l` lists 2862 entries: 2,720 PNGs (136 characters x 20 drawers) and 142 folders
        // (the root, 5 alphabets, 136 characters), 656,309 bytes in all.
        #expect(archive.entries.count == 2862)
        let pngs = archive.entries.filter { $0.path.hasSuffix(".png") }
        #expect(pngs.count == 2720)
        #expect(archive.entries.filter(\.isDirectory).count == 142)
        let first = try archive.contents(of: "images_background_small1/Balinese/character01/0108_01.png")
        #expect(first.count == 285)
        #expect(Array(first.prefix(8)) == [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A])
        // Every entry extracts with a matching CRC-32.
        var total = 0
        for entry in pngs { total += try archive.contents(of: entry).count }
        #expect(total == 656_309)
    }
}
