import Random
import Testing
@testable import Compression

@Suite struct ZlibTests {
    static let fixtures = [
        ZlibFixtures.textStored, ZlibFixtures.textFixed, ZlibFixtures.textDynamic,
        ZlibFixtures.skewedHuffmanOnly, ZlibFixtures.skewedDefault, ZlibFixtures.empty,
    ]

    @Test func decodesStreamsFromPythonZlib() throws {
        for fixture in Self.fixtures {
            let stream = TestData.bytes(hex: fixture.hex)
            #expect(try Zlib.decompress(stream) == TestData.input(named: fixture.input), "fixture of \(fixture.input)")
        }
    }

    @Test func roundTripAndHeader() throws {
        for level in [0, 1, 6, 9] {
            let stream = Zlib.compress(TestData.skewed, level: level)
            #expect(stream[0] == 0x78)
            #expect((Int(stream[0]) * 256 + Int(stream[1])) % 31 == 0)
            #expect(try Zlib.decompress(stream) == TestData.skewed)
        }
    }

    @Test func detectsChecksumAndHeaderErrors() throws {
        var stream = Zlib.compress(TestData.text)
        stream[stream.count - 1] ^= 0x01
        let actual = Adler32.checksum(TestData.text)
        #expect(throws: CompressionError.checksumMismatch(kind: "Adler-32", expected: actual ^ 1, actual: actual)) {
            try Zlib.decompress(stream)
        }
        #expect(throws: CompressionError.self) { try Zlib.decompress([0x78, 0x9D, 0x03, 0x00]) }
        #expect(throws: CompressionError.self) { try Zlib.decompress([0x79, 0x9C]) }
        #expect(throws: CompressionError.truncated("the zlib Adler-32 trailer")) {
            try Zlib.decompress(Array(Zlib.compress([1, 2, 3]).dropLast(2)))
        }
    }

    @Test func corruptedReferenceStreamsNeverTrap() {
        var generator = SeededGenerator(seed: 5)
        let streams = Self.fixtures.map { TestData.bytes(hex: $0.hex) }.filter { $0.count > 8 }
        var failures = 0
        for round in 0..<500 {
            var data = streams[round % streams.count]
            if round % 4 == 0 {
                data = Array(data.prefix(Int(generator.next() % UInt64(data.count))))
            } else {
                let bit = Int(generator.next() % UInt64(data.count * 8))
                data[bit / 8] ^= 1 << UInt8(bit % 8)
            }
            do { _ = try Zlib.decompress(data) } catch { failures += 1 }
        }
        // With the Adler-32 check, essentially every corruption is caught.
        #expect(failures > 450)
    }
}
