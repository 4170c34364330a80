import Distributions
import CharacterModel
import Foundation
import Kernels
import OmniglotData
import Render

/// The GNS model's two-way score (the paper's eq. 4-5 with BPL's formula): for a test image T and a class
/// image c, each parsed into K parses with weights pi_k,
///
///     score(T, c) = log P(I_T | I_c) + log P(I_c | I_T) - log P(I_c),
///     log P(I_B | I_A) = logsumexp_k [ refit of A's parse k to B + log pi_k ],
///     log P(I_c) = logsumexp_k [ log P(type_k, token_k, I_c) ]   (the parses' unnormalised scores).
///
/// A trial's 2 x 20 x K refits are spread over the cores. Parses come from `parse` through the cache.
public final class GNSScorer: TrialScorer {
    public let method = ClassificationMethod.gns
    private let data: OneShotRuns
    private let refit: TokenRefit
    private let cache: ParseCache
    private let parse: (BinaryImage) throws -> [ImageParse]
    private var images: [String: BinaryImage] = [:]
    /// Told the path of each image before it is parsed (parsing a run's first trial takes minutes).
    public var parsing: (String) -> Void = { _ in }
    private var parsedImages = 0, refits = 0
    private var parsingSeconds = 0.0, refitSeconds = 0.0

    /// A scorer reading images from `data`, parsing them with `parse` (K parses, best first, weights summing
    /// to 1) through `cache`, and refitting with `refit`.
    public init(data: OneShotRuns, refit: TokenRefit, cache: ParseCache, parse: @escaping (BinaryImage) throws -> [ImageParse]) {
        self.data = data
        self.refit = refit
        self.cache = cache
        self.parse = parse
    }

    public func scores(for trial: ClassificationTrial) throws -> [Double] {
        let test = try parsed(trial.test)
        let classes = try trial.candidates.map(parsed)
        // Every refit of the trial: each class's parses to the test image, then the test's parses to each class image.
        var jobs: [(parse: ImageParse, image: BinaryImage)] = []
        for c in classes { jobs += c.parses.map { ($0, test.image) } }
        for c in classes { jobs += test.parses.map { ($0, c.image) } }
        let started = Date()
        let refitScores = try Parallel.map(0..<jobs.count) { try refit.refit(jobs[$0].parse, to: jobs[$0].image).score }
        refitSeconds += Date().timeIntervalSince(started)
        refits += jobs.count
        var offset = 0
        func nextMixture(_ parses: [ImageParse]) -> Double {
            defer { offset += parses.count }
            return Special.logSumExp(parses.indices.map { refitScores[offset + $0] + log(parses[$0].weight) })
        }
        let testGivenClass = classes.map { nextMixture($0.parses) }
        let classGivenTest = classes.map { _ in nextMixture(test.parses) }
        return classes.indices.map { c in
            testGivenClass[c] + classGivenTest[c] - Special.logSumExp(classes[c].parses.map(\.logScore))
        }
    }

    /// For pictures: the best refit (highest refit score + log pi_k) of the parses of the image at `source` to the
    /// image at `target` (paths in the runs): the parse's type drawn with the refit token, and that term.
    public func bestRefit(of source: String, to target: String) throws -> (character: CharacterSample, term: Double) {
        let (from, to) = (try parsed(source), try parsed(target))
        let refits = try from.parses.map { parse in (parse: parse, trace: try refit.refit(parse, to: to.image)) }
        let terms = refits.map { $0.trace.score + log($0.parse.weight) }
        let best = terms.indices.max { terms[$0] < terms[$1] }!
        return (CharacterSample(strokes: refits[best].parse.strokePoints, token: try StrokeValues.token(refits[best].trace.returnValue.detached, argument: 0)), terms[best])
    }

    /// The image at `path` and its parses (from the cache, or parsed now).
    private func parsed(_ path: String) throws -> (image: BinaryImage, parses: [ImageParse]) {
        let image = try images[path] ?? BinaryImage(raster: try data.image(path), path: path)
        images[path] = image
        return (image, try cache.parses(of: path) {
            parsing(path)
            let started = Date()
            defer { parsingSeconds += Date().timeIntervalSince(started); parsedImages += 1 }
            return try parse(image)
        })
    }

    public var stageReport: String? {
        String(format: "this process: parsed %d images in %.0f s (%.1f s each); %d refits in %.0f s (%.1f refits/s); scoring negligible",
               parsedImages, parsingSeconds, parsingSeconds / Double(max(parsedImages, 1)),
               refits, refitSeconds, Double(refits) / max(refitSeconds, 1e-9))
    }
}

