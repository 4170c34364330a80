import OmniglotData

/// How many strokes a dataset's drawings have, before and after dropping the short ones: what `gns data stats`
/// reports and `gns sample --compare` sets the samples against.
struct StrokeCensus {
    /// The number of drawings with a stroke file.
    var drawings = 0
    /// All strokes, and those long enough to keep (the ones the type prior learns from).
    var strokes = 0, keptStrokes = 0
    /// Drawings by their number of strokes.
    var strokesPerDrawing: [Int: Int] = [:]
    /// Drawings by their number of kept strokes.
    var keptPerDrawing: [Int: Int] = [:]

    /// Reads the stroke file of every drawing of `dataset` that has one and counts its strokes, kept as
    /// `preprocessing` keeps them; `visit(drawing, strokes)` sees each drawing's strokes for further statistics,
    /// and `progress(done, total)` is called every 250 drawings and at the end.
    init(_ dataset: OmniglotDataset, preprocessing: StrokePreprocessing,
         progress: (Int, Int) -> Void = { _, _ in },
         visit: (Drawing, [Stroke]) throws(OmniglotError) -> Void = { _, _ in }) throws(OmniglotError) {
        let withStrokes = dataset.drawings.filter { $0.strokePath != nil }
        for (index, drawing) in withStrokes.enumerated() {
            let strokes = try dataset.strokes(of: drawing)
            let kept = preprocessing.kept(strokes).count
            drawings += 1
            self.strokes += strokes.count
            keptStrokes += kept
            strokesPerDrawing[strokes.count, default: 0] += 1
            keptPerDrawing[kept, default: 0] += 1
            try visit(drawing, strokes)
            if index % 250 == 0 || index == withStrokes.count - 1 { progress(index + 1, withStrokes.count) }
        }
    }

    /// `counts` (value -> how many) as "1: 12, 2: 30, ...", smallest value first.
    static func histogram(_ counts: [Int: Int]) -> String {
        counts.keys.sorted().map { "\($0): \(counts[$0] ?? 0)" }.joined(separator: ", ")
    }
}
