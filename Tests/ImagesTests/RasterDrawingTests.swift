import Testing
@testable import Images

@Suite struct RasterDrawingTests {
    func pixels(of raster: Raster, _ color: SIMD3<UInt8>) -> Int {
        stride(from: 0, to: raster.pixels.count, by: 3).filter {
            raster.pixels[$0] == color.x && raster.pixels[$0 + 1] == color.y && raster.pixels[$0 + 2] == color.z
        }.count
    }

    @Test func linesCoverExactlyTheirPixels() {
        var raster = Raster.blank(width: 20, height: 10)
        raster.drawLine(from: [2, 3], to: [12, 3], color: [255, 0, 0])
        #expect(pixels(of: raster, [255, 0, 0]) == 11)
        raster.drawLine(from: [0, 0], to: [9, 9], color: [0, 0, 255])
        #expect(pixels(of: raster, [0, 0, 255]) == 10)
        raster.drawLine(from: [-5, -5], to: [100, -5], color: [0, 255, 0])   // off the raster: ignored
        #expect(pixels(of: raster, [0, 255, 0]) == 0)
    }

    /// Glyphs draw their bitmap: "1" has 10 lit cells, scaled by 2 each becomes 4 pixels.
    @Test func textDrawsGlyphBitmaps() {
        var raster = Raster.blank(width: 40, height: 20)
        raster.drawText("1", x: 0, y: 0, color: [0, 0, 0])
        #expect(pixels(of: raster, [0, 0, 0]) == 10)
        raster = Raster.blank(width: 40, height: 20)
        raster.drawText("1", x: 0, y: 0, color: [0, 0, 0], scale: 2)
        #expect(pixels(of: raster, [0, 0, 0]) == 40)
        #expect(BitmapFont.glyphs.values.allSatisfy { $0.count == 7 && $0.allSatisfy { $0 < 32 } })
    }

    @Test func chartDrawsEverySeries() {
        let chart = LineChart(title: "loss", xLabel: "epoch", yLabel: "nats", series: [
            .init(label: "train", color: [31, 119, 180], points: [[1, 3], [2, 2.5], [3, 2.2]]),
            .init(label: "valid", color: [214, 39, 40], points: [[1, 3.1], [2, 2.7], [3, 2.6]]),
        ])
        let raster = chart.raster(width: 320, height: 200)
        #expect(raster.width == 320 && raster.height == 200 && raster.channels == 3)
        #expect(pixels(of: raster, [31, 119, 180]) > 100)
        #expect(pixels(of: raster, [214, 39, 40]) > 100)
        #expect(LineChart.format(2.345) == "2.35" && LineChart.format(123.4) == "123" && LineChart.format(12.34) == "12.3")
    }
}
