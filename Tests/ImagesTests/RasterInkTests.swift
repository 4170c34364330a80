import Testing
@testable import Images

@Suite struct RasterInkTests {
    @Test func blackIsFullInkWhiteIsNone() {
        let grey = Raster(width: 3, height: 1, channels: 1, pixels: [0, 255, 51])
        #expect(grey.inkIntensities() == [1, 0, 0.8])
        // Rec. 601 luminance of pure red is 0.299 * 255.
        let rgb = Raster(width: 1, height: 1, channels: 3, pixels: [255, 0, 0])
        #expect(abs(rgb.inkIntensities()[0] - 0.701) < 1e-6)
        // A transparent black pixel composites to white: no ink.
        let rgba = Raster(width: 2, height: 1, channels: 4, pixels: [0, 0, 0, 0, 0, 0, 0, 255])
        #expect(rgba.inkIntensities() == [0, 1])
    }

    @Test func inkRoundTrip() {
        let ink: [Float] = [0, 1, 0.5, -3, 7, .nan]
        let raster = Raster(inkIntensities: ink, width: 3, height: 2)
        #expect(raster.pixels == [255, 0, 128, 255, 0, 255])
        #expect(Raster(inkIntensities: raster.inkIntensities(), width: 3, height: 2) == raster)
    }
}
