import Images
import OmniglotData

/// The picture of classification results: one row per trial, the test image, then the best-scored classes'
/// training images in score order, each titled with its rank, class and score (the true class marked), and the
/// true class after them when it ranked lower. Errors are what people look at, so `gns classify --figure`
/// draws the wrong trials.
public enum TrialFigure {
    /// The rows of `records`, each with its `shown` best-scored classes, images read from `data`.
    public static func raster(_ records: [TrialRecord], data: OneShotRuns, shown: Int = 4) throws -> Raster {
        let rows = try records.map { record in
            guard let run = data.runs.first(where: { $0.number == record.run }) else {
                throw ClassificationError.unavailable("the results name run \(record.run), which the one-shot runs do not hold")
            }
            func image(_ name: String, in paths: [String]) throws -> Raster {
                guard let path = paths.first(where: { ClassificationTrial.shortName($0) == name }) else {
                    throw ClassificationError.unavailable("run \(record.run) has no image \(name)")
                }
                return CharacterSheet.raster(images: [try data.image(path)])
            }
            let ranked = record.scores.sorted { $0.value > $1.value || ($0.value == $1.value && $0.key < $1.key) }
            var panels = [(title: "run \(record.run) \(record.test)", raster: try image(record.test, in: run.testImages))]
            for (rank, candidate) in ranked.enumerated() where rank < shown || candidate.key == record.truth {
                let title = "\(rank + 1) \(candidate.key.replacingOccurrences(of: "class", with: "c"))"
                    + (candidate.key == record.truth ? " true" : "") + " \(Int(candidate.value.rounded()))"
                panels.append((title, try image(candidate.key, in: run.trainingImages)))
            }
            return CharacterSheet.sideBySide(panels)
        }
        return ParseSheet.column(rows)
    }
}
