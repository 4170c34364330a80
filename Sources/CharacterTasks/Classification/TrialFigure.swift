import Images
import OmniglotData

/// The picture of classification results, one row per trial. With the model's refits (the paper's Fig. A10):
/// the test image, then for the true class and for the best-scored wrong class the class's training image, its
/// best parse refit to the test image (strokes in drawing order) and that refit's reconstruction (the pixel
/// probabilities with the refit blur and noise), titled with the class's two-way score. Without refits (merged
/// shards): the test image and the best-scored classes' training images in score order, the true one marked.
/// `gns classify --figure` draws the wrong trials, since errors are what people look at.
public enum TrialFigure {
    /// The best refit of the image at the first path's parses to the image at the second path (paths in the runs).
    public typealias Refits = (_ source: String, _ target: String) throws -> (character: CharacterSample, term: Double)

    /// The rows of `records`, images read from `data`; with `refits`, the refit panels, else the `shown` best classes.
    public static func raster(_ records: [TrialRecord], data: OneShotRuns, shown: Int = 4, refits: Refits? = nil) throws -> Raster {
        let rows = try records.map { record in
            guard let run = data.runs.first(where: { $0.number == record.run }) else {
                throw ClassificationError.unavailable("the results name run \(record.run), which the one-shot runs do not hold")
            }
            func path(_ name: String, in paths: [String]) throws -> String {
                guard let path = paths.first(where: { ClassificationTrial.shortName($0) == name }) else {
                    throw ClassificationError.unavailable("run \(record.run) has no image \(name)")
                }
                return path
            }
            func image(_ path: String) throws -> Raster { CharacterSheet.raster(images: [try data.image(path)]) }
            let ranked = record.scores.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }
            let bestWrong = ranked.first { $0.key != record.truth }?.key
            let test = try path(record.test, in: run.testImages)
            var panels = [(title: "run \(record.run) \(record.test)", raster: try image(test))]
            for (rank, candidate) in ranked.enumerated() {
                let isTruth = candidate.key == record.truth
                let shortName = candidate.key.replacingOccurrences(of: "class", with: "c")
                let title = "\(rank + 1) \(shortName)" + (isTruth ? " true" : "") + " \(Int(candidate.value.rounded()))"
                let training = try path(candidate.key, in: run.trainingImages)
                if let refits {
                    // The true class and the best wrong one.
                    guard isTruth || candidate.key == bestWrong else { continue }
                    let refit = try refits(training, test)
                    panels += [(title, try image(training)),
                               (String(format: "refit %.0f", refit.term), CharacterSheet(view: .token, coloursStrokes: true).raster([refit.character])),
                               ("reconstruction", CharacterSheet(view: .image, coloursStrokes: false).raster([refit.character]))]
                } else if rank < shown || isTruth {
                    panels.append((title, try image(training)))
                }
            }
            return CharacterSheet.sideBySide(panels)
        }
        return ParseSheet.column(rows)
    }
}
