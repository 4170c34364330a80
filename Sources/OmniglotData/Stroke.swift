/// One pen-down trajectory of a drawing, in motor space (x right, y negative downwards, origin at the image's
/// top-left corner; see `Render`'s `Coordinates` for the conversion to image space), with times in milliseconds.
public struct Stroke: Sendable, Equatable {
    /// Pen positions in motor space.
    public var points: [SIMD2<Double>]
    /// Time of each point, in milliseconds from the start of the drawing.
    public var times: [Double]

    /// A stroke from positions and their times (equal counts).
    public init(points: [SIMD2<Double>], times: [Double]) {
        precondition(points.count == times.count, "one time per point")
        self.points = points
        self.times = times
    }

    /// Total Euclidean distance along the trajectory.
    public var trajectoryLength: Double {
        var total = 0.0
        for index in points.indices.dropFirst() {
            let step = points[index] - points[index - 1]
            total += (step * step).sum().squareRoot()
        }
        return total
    }
}

/// The stroke file format of the release: `START`, then rows `x,y,t`, with `BREAK` closing each stroke.
public enum StrokeFile {
    /// The largest coordinate magnitude accepted, 10,000 pixels: the release's pen positions lie on the 105-pixel
    /// image, and sizes later computed from a stroke (spline resampling, rendering) stay bounded.
    public static let coordinateLimit = 10_000.0

    /// Parses a stroke file's text; `path` names the file in errors. Empty strokes are dropped; points after the
    /// last `BREAK` form a final stroke.
    public static func parse(_ text: String, path: String) throws(OmniglotError) -> [Stroke] {
        var strokes: [Stroke] = []
        var points: [SIMD2<Double>] = []
        var times: [Double] = []
        var started = false
        var lineNumber = 0
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            lineNumber += 1
            let line = rawLine.trimmingCharacters(in: " \t\r")
            if line.isEmpty { continue }
            if line == "START" {
                guard !started else { throw .malformedStrokeFile(path: path, line: lineNumber, content: line, reason: "second START") }
                started = true
                continue
            }
            guard started else {
                throw .malformedStrokeFile(path: path, line: lineNumber, content: line, reason: "expected START before the data")
            }
            if line == "BREAK" {
                if !points.isEmpty { strokes.append(Stroke(points: points, times: times)) }
                points.removeAll()
                times.removeAll()
                continue
            }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count == 3 else {
                throw .malformedStrokeFile(path: path, line: lineNumber, content: line, reason: "expected x,y,t (3 numbers)")
            }
            guard let x = Double(fields[0]), let y = Double(fields[1]), let t = Double(fields[2]),
                  x.isFinite, y.isFinite, t.isFinite else {
                throw .malformedStrokeFile(path: path, line: lineNumber, content: line, reason: "not three finite numbers")
            }
            guard abs(x) <= coordinateLimit, abs(y) <= coordinateLimit else {
                throw .malformedStrokeFile(path: path, line: lineNumber, content: line,
                                           reason: "coordinate beyond ±\(Int(coordinateLimit)) pixels (the images are 105 pixels wide)")
            }
            points.append(SIMD2(x, y))
            times.append(t)
        }
        guard started else { throw .malformedStrokeFile(path: path, line: max(lineNumber, 1), content: "", reason: "missing START") }
        if !points.isEmpty { strokes.append(Stroke(points: points, times: times)) }
        return strokes
    }
}

extension Substring {
    func trimmingCharacters(in set: String) -> String {
        var view = self
        while let first = view.first, set.contains(first) { view = view.dropFirst() }
        while let last = view.last, set.contains(last) { view = view.dropLast() }
        return String(view)
    }
}
