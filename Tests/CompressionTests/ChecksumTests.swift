import Testing
@testable import Compression

@Suite struct ChecksumTests {
    /// Bit-at-a-time CRC-32, straight from the definition, to check the table-driven one.
    static func naiveCRC32(_ bytes: [UInt8]) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = crc & 1 == 1 ? (crc >> 1) ^ 0xEDB8_8320 : crc >> 1 }
        }
        return ~crc
    }

    /// Adler-32 reducing after every byte, to check the deferred reduction.
    static func naiveAdler32(_ bytes: [UInt8]) -> UInt32 {
        var a: UInt32 = 1, b: UInt32 = 0
        for byte in bytes {
            a = (a + UInt32(byte)) % 65521
            b = (b + a) % 65521
        }
        return b << 16 | a
    }

    @Test func knownVectors() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum([UInt8]()) == 0)
        #expect(CRC32.checksum(Array("The quick brown fox jumps over the lazy dog".utf8)) == 0x414F_A339)
        #expect(Adler32.checksum(Array("Wikipedia".utf8)) == 0x11E6_0398)
        #expect(Adler32.checksum([UInt8]()) == 1)
    }

    @Test(arguments: [1, 3, 4, 5, 17, 1000, 4099])
    func crcMatchesBitwiseDefinition(count: Int) {
        let data = TestData.random(count: count, seed: UInt64(count))
        #expect(CRC32.checksum(data) == Self.naiveCRC32(data))
        // Incremental updates over uneven pieces give the same value.
        var crc = CRC32()
        crc.update(data[..<(count / 3)])
        crc.update(data[(count / 3)...])
        #expect(crc.value == Self.naiveCRC32(data))
    }

    @Test func adlerMatchesPerByteReduction() {
        // All 0xFF bytes maximise the sums, so a missed reduction would overflow.
        let ones = [UInt8](repeating: 0xFF, count: 100_000)
        #expect(Adler32.checksum(ones) == Self.naiveAdler32(ones))
        let data = TestData.random(count: 20_000, seed: 7)
        var adler = Adler32()
        adler.update(data[..<7777])
        adler.update(data[7777...])
        #expect(adler.value == Self.naiveAdler32(data))
    }
}
