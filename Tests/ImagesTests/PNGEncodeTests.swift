import Foundation
import Random
import Testing
@testable import Images

@Suite struct PNGEncodeTests {
    @Test(arguments: [1, 2, 3, 4])
    func encodeDecodeRoundTrip(channels: Int) throws {
        var generator = SeededGenerator(seed: UInt64(channels))
        for (width, height) in [(1, 1), (7, 3), (105, 105), (64, 9)] {
            var raster = Raster(width: width, height: height, channels: channels, filledWith: 255)
            // Noise in one half, gradients in the other, so several filter types win somewhere.
            for y in 0..<height {
                for x in 0..<width {
                    for c in 0..<channels {
                        raster[x, y, c] = x < width / 2 ? UInt8(truncatingIfNeeded: generator.next()) : UInt8((x * 3 + y * 5 + c) & 0xFF)
                    }
                }
            }
            let png = PNG.encode(raster)
            #expect(try PNG.decode(png, path: "round-trip") == raster)
        }
    }

    @Test func drawingsCompressWell() throws {
        // A white canvas with one thick black stroke, like an Omniglot drawing: 11,025 raw bytes.
        var raster = Raster(width: 105, height: 105, channels: 1, filledWith: 255)
        for t in 0..<80 {
            for dy in -2...2 { for dx in -2...2 { raster[20 + t / 2 + dx, 30 + t + dy - t / 3, 0] = 0 } }
        }
        let png = PNG.encode(raster)
        #expect(png.count < 600)
        #expect(try PNG.decode(png, path: "stroke") == raster)
    }

    @Test func chosenFiltersAreAllUsedAndUndone() throws {
        // Rows designed so each filter is the cheapest one on some row: constant (None/Up), ramps (Sub), etc.
        let width = 32
        var raster = Raster(width: width, height: 6, channels: 1, filledWith: 0)
        for x in 0..<width {
            raster[x, 1, 0] = UInt8(x * 7)
            raster[x, 2, 0] = UInt8(x * 7)
            raster[x, 3, 0] = UInt8((x * 7 + 40) & 0xFF)
            raster[x, 4, 0] = UInt8((x * x) & 0xFF)
            raster[x, 5, 0] = UInt8((x * x + 3 * x) & 0xFF)
        }
        let filtered = PNGFilter.filter(raster.pixels, rows: 6, rowBytes: width, stride: 1)
        var types = Set<UInt8>()
        for row in 0..<6 { types.insert(filtered[row * (width + 1)]) }
        #expect(types.count >= 3)
        var copy = filtered
        try PNGFilter.unfilter(&copy, start: 0, rows: 6, rowBytes: width, stride: 1, firstRowNumber: 0)
        var recovered: [UInt8] = []
        for row in 0..<6 {
            let start = row * (width + 1) + 1
            recovered += copy[start..<(start + width)]
        }
        #expect(recovered == raster.pixels)
    }

    @Test func writeAndReadAFile() throws {
        let raster = Raster(width: 3, height: 2, channels: 3, pixels: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18])
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("gns-png-\(UUID().uuidString).png").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try PNG.write(raster, to: path)
        #expect(try PNG.read(path: path) == raster)
        #expect(throws: PNGError.self) { try PNG.write(raster, to: "/no/such/folder/x.png") }
    }
}
