import Foundation
import Images
import Testing
@testable import CharacterTasks

/// Images given to the tasks: a clear error for a missing file or a wrong size, colour converted to ink.
@Suite struct CharacterImagesTests {
    static func temporary(_ name: String) -> String {
        (NSTemporaryDirectory() as NSString).appendingPathComponent("gns-images-\(ProcessInfo.processInfo.processIdentifier)-\(name)")
    }

    @Test func aMissingFileIsAnErrorNamingIt() {
        let path = Self.temporary("missing.png")
        #expect { try CharacterImages.load(path: path) } throws: { "\($0)".contains(path) }
    }

    @Test func anImageOfAnotherSizeIsAnErrorNamingItsSize() throws {
        let path = Self.temporary("small.png")
        try PNG.write(Raster(width: 28, height: 30, channels: 1, filledWith: 255), to: path)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect { try CharacterImages.load(path: path) } throws: { "\($0)".contains("28x30") && "\($0)".contains(path) }
    }

    @Test func colourIsConvertedToInkByLuminance() throws {
        // A dark red pixel (luminance 0.299 * 100 = 30 of 255: ink 0.88) is on; a light yellow one (luminance 240) is off.
        var raster = Raster(width: 105, height: 105, channels: 3, filledWith: 255)
        raster.pixels[0] = 100; raster.pixels[1] = 0; raster.pixels[2] = 0
        raster.pixels[3] = 255; raster.pixels[4] = 255; raster.pixels[5] = 120
        let image = try CharacterImages.binary(raster, path: "colour.png")
        #expect(image.pixels[0] == 1 && image.pixels[1] == 0)
        #expect(image.pixels.reduce(0, +) == 1)
    }
}
