import CharacterModel
import Foundation
import Kernels
import OmniglotData
import Random
import Render
import Tensors

/// A background drawing as the type prior learns from it: who drew what, and its minimal splines.
public struct TrainingDrawing: Sendable {
    /// The drawing's identity.
    public let drawing: Drawing
    /// Control points (motor space) of each kept stroke, in drawing order, each with at least two.
    public let splines: [[SIMD2<Double>]]
}

/// The type prior's training data: every background drawing with strokes, preprocessed as in the paper.
public struct TypeTrainingData: Sendable {
    /// The drawings with at least one kept stroke.
    public let drawings: [TrainingDrawing]

    /// Reads and fits the strokes of every drawing of `dataset` that `including` accepts (all by default);
    /// `progress(done, total)` is called as files are read.
    public static func load(_ dataset: OmniglotDataset, including: (Drawing) -> Bool = { _ in true },
                            progress: (Int, Int) -> Void = { _, _ in }) throws(OmniglotError) -> TypeTrainingData {
        let selected = dataset.drawings.filter { $0.strokePath != nil && including($0) }
        var strokes: [[Stroke]] = []
        for (index, drawing) in selected.enumerated() {
            strokes.append(try dataset.strokes(of: drawing))
            if index % 200 == 0 { progress(index, selected.count) }
        }
        // Spline fitting is the slow part and independent per drawing: both cores.
        let preprocessing = StrokePreprocessing()
        let fitted = try Parallel.map(selected.indices) { (i: Int) throws(OmniglotError) -> [[SIMD2<Double>]] in
            try preprocessing.splines(strokes[i], label: selected[i].key).filter { $0.count >= 2 }
        }
        var drawings: [TrainingDrawing] = []
        for (i, splines) in fitted.enumerated() {
            if !splines.isEmpty { drawings.append(TrainingDrawing(drawing: selected[i], splines: splines)) }
        }
        progress(selected.count, selected.count)
        return TypeTrainingData(drawings: drawings)
    }

    /// Splits by drawer (each character keeps its other drawers for training), so validation measures
    /// generalisation to new people drawing known characters.
    public func split(validationDrawers: Set<Int>) -> (training: [TrainingDrawing], validation: [TrainingDrawing]) {
        (drawings.filter { !validationDrawers.contains($0.drawing.drawer) }, drawings.filter { validationDrawers.contains($0.drawing.drawer) })
    }
}

/// Random affine warps of whole drawings, used to augment the small background set: the token model treats
/// a character's global scale and position as label-preserving noise, so a warped drawing is another plausible
/// drawing of the same type.
public struct AffineAugmentation: Sendable, Codable, Equatable {
    /// Chance a drawing is warped in a given epoch.
    public var probability = 0.5
    /// Per-axis scale factors are uniform in `1 ± scaleSpread`.
    public var scaleSpread = 0.15
    /// Translation per axis is uniform in `± translation` pixels.
    public var translation = 5.0

    /// The reference-style defaults above.
    public init() {}

    /// `splines` warped about their centre of mass, or unchanged (with probability `1 - probability`).
    public func apply(_ splines: [[SIMD2<Double>]], using generator: inout SeededGenerator) -> [[SIMD2<Double>]] {
        guard generator.nextUniform(in: 0..<1) < probability else { return splines }
        let scale = SIMD2(generator.nextUniform(in: (1 - scaleSpread)..<(1 + scaleSpread)),
                          generator.nextUniform(in: (1 - scaleSpread)..<(1 + scaleSpread)))
        let shift = SIMD2(generator.nextUniform(in: -translation..<translation), generator.nextUniform(in: -translation..<translation))
        let points = splines.flatMap { $0 }
        let center = points.reduce(SIMD2<Double>.zero, +) / Double(points.count)
        return splines.map { $0.map { scale * ($0 - center) + center + shift } }
    }
}

extension TypeExampleSet {
    /// The examples of `drawings`, each warped by `augmentation` (if any) with a stream keyed by `seed`.
    public init(_ drawings: [TrainingDrawing], augmentation: AffineAugmentation?, seed: UInt64) {
        self.init(types: drawings.indices.map { i in
            guard let augmentation else { return drawings[i].splines }
            var generator = SeededGenerator(seed: seed, stream: UInt64(i))
            return augmentation.apply(drawings[i].splines, using: &generator)
        })
    }
}
