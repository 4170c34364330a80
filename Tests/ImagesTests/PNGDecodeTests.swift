import Compression
import Foundation
import Random
import Testing
@testable import Images

/// The fixtures written by Benchmarks/tools/make_png_fixtures.py: PNGs of every colour type, bit depth, filter type
/// and interlacing, with the expected pixels taken from the generator's source arrays (and cross-checked by Pillow).
enum Fixtures {
    struct Case: Sendable, CustomStringConvertible {
        let name: String
        let width: Int
        let height: Int
        let channels: Int
        var description: String { name }
    }

    static let directory: URL = Bundle.module.url(forResource: "Fixtures", withExtension: nil)!

    static let cases: [Case] = {
        guard let text = try? String(contentsOf: directory.appendingPathComponent("manifest.txt"), encoding: .utf8) else { return [] }
        return text.split(separator: "\n").compactMap { line in
            let fields = line.split(separator: " ")
            guard fields.count == 4, let w = Int(fields[1]), let h = Int(fields[2]), let c = Int(fields[3]) else { return nil }
            return Case(name: String(fields[0]), width: w, height: h, channels: c)
        }
    }()

    static func bytes(_ name: String) throws -> [UInt8] {
        [UInt8](try Data(contentsOf: directory.appendingPathComponent(name)))
    }
}

@Suite struct PNGDecodeTests {
    @Test func manifestCoversEveryKind() {
        // 2 x (5 grey + 6 alpha/colour + 8 palette) + 4 special + 1 Omniglot.
        #expect(Fixtures.cases.count == 43)
    }

    @Test(arguments: Fixtures.cases)
    func decodesFixture(_ fixture: Fixtures.Case) throws {
        let raster = try PNG.decode(try Fixtures.bytes(fixture.name + ".png"), path: fixture.name)
        #expect(raster.width == fixture.width)
        #expect(raster.height == fixture.height)
        #expect(raster.channels == fixture.channels)
        let expected = try Fixtures.bytes(fixture.name + ".pixels")
        #expect(raster.pixels == expected)
    }

    @Test func omniglotImagesAreOneBitBlackInkOnWhite() throws {
        let png = try Fixtures.bytes("omniglot_0108_01.png")
        // IHDR: 105 x 105, bit depth 1, colour type 0 (greyscale).
        #expect(Array(png[16..<26]) == [0, 0, 0, 105, 0, 0, 0, 105, 1, 0])
        let raster = try PNG.decode(png, path: "0108_01.png")
        let ink = raster.inkIntensities()
        #expect(Set(raster.pixels) == [0, 255])
        // Pillow counts 10,144 white pixels in this drawing, so 105^2 - 10,144 = 881 carry ink.
        #expect(ink.filter { $0 == 1 }.count == 105 * 105 - 10_144)
        #expect(ink.allSatisfy { $0 == 0 || $0 == 1 })
    }

    @Test func truncatedAndCorruptedFilesGiveErrorsNamingTheFile() throws {
        var generator = SeededGenerator(seed: 2024)
        var detected = 0
        var rounds = 0
        for fixture in Fixtures.cases {
            let original = try Fixtures.bytes(fixture.name + ".png")
            for _ in 0..<8 {
                rounds += 1
                var data = original
                if generator.next() % 3 == 0 {
                    data = Array(data.prefix(Int(generator.next() % UInt64(data.count))))
                } else {
                    let bit = Int(generator.next() % UInt64(data.count * 8))
                    data[bit / 8] ^= 1 << UInt8(bit % 8)
                }
                do {
                    _ = try PNG.decode(data, path: "corrupt/\(fixture.name).png")
                } catch {
                    #expect(error.path == "corrupt/\(fixture.name).png")
                    detected += 1
                }
            }
        }
        // Chunk CRCs catch every flip inside a chunk; flips in a length field or a skipped chunk's name may pass
        // unnoticed only if they land in ignored ancillary data, which the fixtures keep small.
        #expect(detected > rounds * 9 / 10)
    }

    @Test func specificProblemsAreReported() throws {
        let png = try Fixtures.bytes("grey8.png")
        #expect(throws: PNGError(path: "a.png", problem: .badSignature)) { try PNG.decode(Array("GIF89a....".utf8), path: "a.png") }
        #expect(throws: PNGError(path: "b.png", problem: .truncated("the signature"))) { try PNG.decode([0x89, 0x50], path: "b.png") }
        var flipped = png
        flipped[20] ^= 0x01  // inside IHDR's data
        do {
            _ = try PNG.decode(flipped, path: "c.png")
            Issue.record("CRC mismatch not detected")
        } catch {
            guard case .chunkCRCMismatch(chunk: "IHDR", _, _) = error.problem else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(error.description.hasPrefix("c.png: CRC mismatch in chunk IHDR"))
        }
        #expect(throws: PNGError(path: "/no/such.png", problem: .io("no such file"))) { try PNG.read(path: "/no/such.png") }
    }
}
