import Testing
@testable import OmniglotData

@Suite struct StrokeFileTests {
    @Test func parsesStrokesBetweenBreaks() throws {
        let text = "START\n1,-2,0\n3.5,-4,10\nBREAK\n5,-6,20\r\nBREAK\n"
        let strokes = try StrokeFile.parse(text, path: "a.txt")
        #expect(strokes.count == 2)
        #expect(strokes[0].points == [SIMD2(1, -2), SIMD2(3.5, -4)])
        #expect(strokes[0].times == [0, 10])
        #expect(strokes[1].points == [SIMD2(5, -6)])
    }

    @Test func reportsLineAndContent() {
        #expect(throws: OmniglotError.malformedStrokeFile(path: "b.txt", line: 3, content: "1,2", reason: "expected x,y,t (3 numbers)")) {
            try StrokeFile.parse("START\n1,2,3\n1,2\nBREAK\n", path: "b.txt")
        }
        #expect(throws: OmniglotError.malformedStrokeFile(path: "c.txt", line: 2, content: "1,x,3", reason: "not three finite numbers")) {
            try StrokeFile.parse("START\n1,x,3\n", path: "c.txt")
        }
        #expect(throws: OmniglotError.malformedStrokeFile(path: "d.txt", line: 1, content: "1,2,3", reason: "expected START before the data")) {
            try StrokeFile.parse("1,2,3\n", path: "d.txt")
        }
        let error = OmniglotError.malformedStrokeFile(path: "b.txt", line: 3, content: "1,2", reason: "expected x,y,t (3 numbers)")
        #expect(error.description == "b.txt:3: expected x,y,t (3 numbers): '1,2'")
    }

    @Test func coordinatesFarOffTheImageAreRefusedWithTheLine() {
        // 1e15 used to reach the spline fit, which tried to allocate 1.1e18 bytes.
        let reason = "coordinate beyond ±10000 pixels (the images are 105 pixels wide)"
        #expect(throws: OmniglotError.malformedStrokeFile(path: "e.txt", line: 3, content: "1e15,-2,10", reason: reason)) {
            try StrokeFile.parse("START\n1,-2,0\n1e15,-2,10\nBREAK\n", path: "e.txt")
        }
        #expect((try? StrokeFile.parse("START\n10000,-10000,0\nBREAK\n", path: "f.txt"))?.count == 1)
    }

    @Test func joiningARawPathIsBoundedByItsSize() {
        // A path of 200,000 points 10,000 px apart would need 2e9 points at the 1-pixel spacing.
        let points = (0..<200_000).map { SIMD2(Double($0 % 2) * 10_000, 0) }
        #expect(HumanStrokeRendering.joined(points).count <= HumanStrokeRendering.maximumJoinedPoints + points.count)
        // Ordinary strokes are joined at the 1-pixel spacing, as before.
        #expect(HumanStrokeRendering.joined([SIMD2(0, 0), SIMD2(10, 0)]).count == 11)
    }

    @Test func trajectoryLengthIsThePolylineLength() {
        let stroke = Stroke(points: [SIMD2(0, 0), SIMD2(3, 4), SIMD2(3, 10)], times: [0, 1, 2])
        #expect(stroke.trajectoryLength == 11)
    }
}
