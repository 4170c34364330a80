import Random
import Testing
@testable import Compression

@Suite struct DeflateTests {
    static func structured(count: Int) -> [UInt8] {
        // Runs, repeats at many distances and some noise, like image rows and text.
        var generator = SeededGenerator(seed: 99)
        var out: [UInt8] = []
        out.reserveCapacity(count)
        while out.count < count {
            switch generator.next() % 4 {
            case 0: out += [UInt8](repeating: UInt8(truncatingIfNeeded: generator.next()), count: Int(generator.next() % 300))
            case 1 where out.count > 10:
                let distance = 1 + Int(generator.next() % UInt64(min(out.count, 40_000)))
                let start = max(0, out.count - distance)
                for index in 0..<Int(generator.next() % 200) { out.append(out[start + index % distance]) }
            case 2: out += Array("omniglot character \(generator.next() % 50) ".utf8)
            default: out.append(UInt8(truncatingIfNeeded: generator.next()))
            }
        }
        return Array(out.prefix(count))
    }

    @Test(arguments: 0...9)
    func roundTripAtEveryLevel(level: Int) throws {
        for data in [[], [42], TestData.text, TestData.skewed, Self.structured(count: 70_000), TestData.random(count: 5000, seed: 3)] {
            let compressed = Deflate.compress(data, level: level)
            #expect(try Deflate.decompress(compressed) == data)
        }
    }

    @Test func reallyCompresses() throws {
        let text = TestData.text
        let compressed = Deflate.compress(text)
        // 60 near-identical lines: LZ77 plus Huffman must get far below the raw size (zlib -9 gives ~13%).
        #expect(compressed.count * 5 < text.count)
        let zeros = [UInt8](repeating: 0, count: 1 << 20)
        #expect(Deflate.compress(zeros).count < 2000)
        // Incompressible data is stored, so it grows only by block headers.
        let noise = TestData.random(count: 100_000, seed: 11)
        #expect(Deflate.compress(noise).count < noise.count + 100)
    }

    @Test func largeInputRoundTrip() throws {
        let data = Self.structured(count: 3_000_000)
        let compressed = Deflate.compress(data)
        #expect(compressed.count < data.count / 2)
        #expect(try Deflate.decompress(compressed) == data)
    }

    @Test func outputLimitStopsBombs() {
        let compressed = Deflate.compress([UInt8](repeating: 7, count: 1 << 20))
        #expect(throws: CompressionError.outputLimitExceeded(limit: 1000)) {
            try Deflate.decompress(compressed, outputLimit: 1000)
        }
    }

    @Test func malformedStreamsGiveTypedErrors() {
        // Block type 3 is reserved.
        #expect(throws: CompressionError.invalidBlockType(3)) { try Deflate.decompress([0x07]) }
        // A stored block whose length complement is wrong.
        #expect(throws: CompressionError.storedLengthMismatch(length: 5, complement: 0)) {
            try Deflate.decompress([0x01, 0x05, 0x00, 0x00, 0x00])
        }
        #expect(throws: CompressionError.truncated("a stored block")) {
            try Deflate.decompress([0x01, 0x05, 0x00, 0xFA, 0xFF, 1, 2])
        }
        // A fixed-code block starting with a match of distance 1: nothing to copy from yet.
        var writer = BitWriter()
        writer.write(1, bits: 1)
        writer.write(1, bits: 2)
        let literals = HuffmanEncoder(lengths: DeflateTables.fixedLiteralLengths)
        literals.write(257, to: &writer)
        HuffmanEncoder(lengths: DeflateTables.fixedDistanceLengths).write(0, to: &writer)
        literals.write(256, to: &writer)
        writer.alignToByte()
        #expect(throws: CompressionError.distanceTooFarBack(distance: 1, available: 0)) {
            try Deflate.decompress(writer.bytes)
        }
        #expect(throws: CompressionError.self) { try Deflate.decompress([]) }
    }

    @Test func huffmanLengthsRespectTheLimit() {
        // Fibonacci frequencies give the deepest possible Huffman tree (one more level per symbol).
        var frequencies = [1, 1]
        while frequencies.count < 30 { frequencies.append(frequencies[frequencies.count - 1] + frequencies[frequencies.count - 2]) }
        let lengths = HuffmanEncoder.lengths(for: frequencies, limit: 15)
        #expect(lengths.allSatisfy { $0 >= 1 && $0 <= 15 })
        // Kraft sum exactly 1: a complete prefix code.
        let kraft = lengths.reduce(0.0) { $0 + 1.0 / Double(1 << Int($1)) }
        #expect(abs(kraft - 1) < 1e-12)
        // Unlimited depth would be 29 for the two rarest symbols.
        #expect(HuffmanEncoder.lengths(for: frequencies, limit: 29).max() == 29)
    }

    /// Truncations and random corruptions of valid streams end in a result or a `CompressionError`, never a trap.
    @Test func corruptedStreamsNeverTrap() {
        var generator = SeededGenerator(seed: 2021)
        let sources = [
            Deflate.compress(TestData.text), Deflate.compress(TestData.skewed, level: 9),
            Deflate.compress(Self.structured(count: 5000), level: 1),
        ]
        var failures = 0
        for round in 0..<600 {
            var data = sources[round % sources.count]
            switch generator.next() % 3 {
            case 0: data = Array(data.prefix(Int(generator.next() % UInt64(data.count))))
            case 1:
                for _ in 0...(generator.next() % 4) {
                    let bit = Int(generator.next() % UInt64(data.count * 8))
                    data[bit / 8] ^= 1 << UInt8(bit % 8)
                }
            default: data[Int(generator.next() % UInt64(data.count))] = UInt8(truncatingIfNeeded: generator.next())
            }
            do {
                _ = try Deflate.decompress(data, outputLimit: 1 << 20)
            } catch {
                failures += 1
            }
        }
        // Most corruptions must be detected; none may crash (reaching this line is the real assertion).
        #expect(failures > 300)
    }
}
