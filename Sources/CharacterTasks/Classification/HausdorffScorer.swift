import CharacterModel
import OmniglotData
import Render

/// The official Omniglot baseline (`demo_classification` of the release): each candidate scores minus the
/// modified Hausdorff distance between its centred ink and the test image's, so the argmax is the demo's argmin.
public final class HausdorffScorer: TrialScorer {
    public let method = ClassificationMethod.hausdorff
    private let data: OneShotRuns
    /// Centred ink per image path: a run's training images serve all twenty of its trials.
    private var ink: [String: PointSet] = [:]

    /// A scorer reading images from `data`.
    public init(data: OneShotRuns) {
        self.data = data
    }

    public func scores(for trial: ClassificationTrial) throws -> [Double] {
        let test = try centredInk(trial.test)
        return try trial.candidates.map { -ModifiedHausdorff.distance(test, try centredInk($0)) }
    }

    private func centredInk(_ path: String) throws -> PointSet {
        if let known = ink[path] { return known }
        let points = PointSet(centredInkOf: try BinaryImage(raster: try data.image(path), path: path))
        ink[path] = points
        return points
    }
}
