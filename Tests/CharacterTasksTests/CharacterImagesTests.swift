import CharacterModel
import Foundation
import Images
import Render
import Testing

/// What `gns parse`, `exemplars` and `likelihood` do with a bad image file: read it as they do (PNG, then
/// `BinaryImage(raster:path:)`) and get an error naming the file and the problem.
@Suite struct CharacterImagesTests {
    static func temporary(_ name: String) -> String {
        (NSTemporaryDirectory() as NSString).appendingPathComponent("gns-images-\(ProcessInfo.processInfo.processIdentifier)-\(name)")
    }

    static func load(_ path: String) throws -> BinaryImage { try BinaryImage(raster: try PNG.read(path: path), path: path) }

    @Test func aMissingFileIsAnErrorNamingIt() {
        let path = Self.temporary("missing.png")
        #expect { try Self.load(path) } throws: { "\($0)".contains(path) }
    }

    @Test func anImageOfAnotherSizeIsAnErrorNamingItsSize() throws {
        let path = Self.temporary("small.png")
        try PNG.write(Raster(width: 28, height: 30, channels: 1, filledWith: 255), to: path)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect { try Self.load(path) } throws: { "\($0)".contains("28x30") && "\($0)".contains(path) }
    }
}
