import Images
import Render
import Testing
@testable import CharacterTasks
import CharacterModel

@Suite struct CharacterSheetTests {
    /// The smallest box holding every pixel of `raster` that satisfies `test`, and how many do.
    func box(_ raster: Raster, where test: (SIMD3<UInt8>) -> Bool) -> (x: ClosedRange<Int>, y: ClosedRange<Int>, count: Int)? {
        var xs: [Int] = [], ys: [Int] = []
        for y in 0..<raster.height { for x in 0..<raster.width where test(pixel(raster, x, y)) { xs.append(x); ys.append(y) } }
        guard let minX = xs.min(), let maxX = xs.max(), let minY = ys.min(), let maxY = ys.max() else { return nil }
        return (minX...maxX, minY...maxY, xs.count)
    }

    func pixel(_ raster: Raster, _ x: Int, _ y: Int) -> SIMD3<UInt8> {
        SIMD3(raster[x, y, 0], raster[x, y, 1], raster[x, y, 2])
    }

    func solid(width: Int, height: Int, _ colour: SIMD3<UInt8>) -> Raster {
        Raster(width: width, height: height, channels: 3,
               pixels: Array((0..<(width * height)).map { _ in [colour.x, colour.y, colour.z] }.joined()))
    }

    /// A parse's start dot sits on its stroke's first point: a horizontal stroke starting on the left has its dot
    /// at the stroke's left end, not mirrored across the diagonal (the raster is addressed column, row).
    @Test func startDotSitsOnTheStrokesStart() throws {
        // Motor space: x right, y up (negative y is down the image); the stroke runs left to right at row 30.
        let stroke: [SIMD2<Double>] = [[10, -30], [20, -30], [40, -30], [60, -30], [80, -30]]
        let cell = ParseSheet.strokes([stroke])
        let dotColour = CharacterSheet.palette[0] * 0.6
        let dot = SIMD3<UInt8>((dotColour * 255).rounded(.toNearestOrEven))
        let found = try #require(box(cell) { $0 == dot })
        let inset = (cell.width - 105) / 2
        let start = BSpline.evaluate(stroke)[0]
        // The dot (radius 2.5) is centred on the curve's first point: column x, row -y.
        #expect(abs(Double(found.x.lowerBound + found.x.upperBound) / 2 - (start.x + Double(inset))) <= 1)
        #expect(abs(Double(found.y.lowerBound + found.y.upperBound) / 2 - (-start.y + Double(inset))) <= 1)
    }

    /// Two panels come out whole, left to right in order, tops aligned, each under its black title, with equal
    /// margins around and between them, on white.
    @Test func sideBySidePlacesPanelsUnderTheirTitles() throws {
        let red: SIMD3<UInt8> = [200, 0, 0], blue: SIMD3<UInt8> = [0, 0, 200], black: SIMD3<UInt8> = [0, 0, 0]
        let sheet = CharacterSheet.sideBySide([("AB", solid(width: 40, height: 30, red)), ("CDE", solid(width: 50, height: 60, blue))])
        let left = try #require(box(sheet) { $0 == red }), right = try #require(box(sheet) { $0 == blue })
        #expect(left.x.count == 40 && left.y.count == 30 && left.count == 40 * 30)
        #expect(right.x.count == 50 && right.y.count == 60 && right.count == 50 * 60)
        #expect(left.y.lowerBound == right.y.lowerBound)
        let margin = left.x.lowerBound
        #expect(margin > 0)
        #expect(right.x.lowerBound - left.x.upperBound - 1 == margin)
        #expect(sheet.width - 1 - right.x.upperBound == margin)
        #expect(sheet.height - 1 - right.y.upperBound == margin)
        // Titles: black ink above each panel, starting at the panel's left edge, none below the panels' tops.
        let leftTitle = try #require(box(sheet.cropped(x: 0..<right.x.lowerBound)) { $0 == black })
        let rightTitle = try #require(box(sheet.cropped(x: right.x.lowerBound..<sheet.width)) { $0 == black })
        #expect(leftTitle.y.upperBound < left.y.lowerBound && rightTitle.y.upperBound < right.y.lowerBound)
        #expect(leftTitle.x.lowerBound == left.x.lowerBound && rightTitle.x.lowerBound == 0)
        #expect(leftTitle.y.lowerBound == margin)
        #expect(box(sheet) { $0 != red && $0 != blue && $0 != black && $0 != [255, 255, 255] } == nil)
    }

    /// A panel narrower than its title gets the title's width, so the next panel starts after the title ends.
    @Test func sideBySideMakesRoomForLongTitles() throws {
        let red: SIMD3<UInt8> = [200, 0, 0], blue: SIMD3<UInt8> = [0, 0, 200]
        let sheet = CharacterSheet.sideBySide([("WIDE TITLE", solid(width: 10, height: 10, red)), ("X", solid(width: 10, height: 10, blue))])
        let left = try #require(box(sheet) { $0 == red }), right = try #require(box(sheet) { $0 == blue })
        let firstTitle = try #require(box(sheet.cropped(x: 0..<right.x.lowerBound)) { $0 == [0, 0, 0] })
        #expect(firstTitle.x.upperBound > left.x.upperBound + 10)
        #expect(right.x.lowerBound > firstTitle.x.upperBound)
    }

    /// Image i lands in grid cell i (row by row, 105-pixel cells `gap` apart), its ink where it was in the image.
    @Test func imagesFillTheGridInOrder() {
        let size = 105, gap = CharacterSheet.gap
        func image(inkAt x: Int, _ y: Int) -> Raster {
            var raster = Raster(width: size, height: size, channels: 1, filledWith: 255)
            raster[x, y, 0] = 0
            return raster
        }
        let sheet = CharacterSheet.raster(images: [image(inkAt: 10, 20), image(inkAt: 50, 60), image(inkAt: 3, 4)])
        // Three cells make a 2x2 grid.
        #expect(sheet.width == 2 * (size + gap) + gap && sheet.height == 2 * (size + gap) + gap)
        let dark = (0..<sheet.height).flatMap { y in (0..<sheet.width).filter { x in pixel(sheet, x, y) == [0, 0, 0] }.map { [$0, y] } }
        #expect(Set(dark) == [[gap + 10, gap + 20], [2 * gap + size + 50, gap + 60], [gap + 3, 2 * gap + size + 4]])
        #expect(pixel(sheet, gap + 11, gap + 20) == [255, 255, 255])
    }
}

extension Raster {
    /// Columns `x` of this RGB raster, full height.
    func cropped(x columns: Range<Int>) -> Raster {
        var pixels: [UInt8] = []
        for y in 0..<height { pixels += self.pixels[((y * width + columns.lowerBound) * 3)..<((y * width + columns.upperBound) * 3)] }
        return Raster(width: columns.count, height: height, channels: 3, pixels: pixels)
    }
}
