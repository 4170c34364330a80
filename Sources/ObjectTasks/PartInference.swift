import Inference
import Language
import Random
import ObjectModel
import Tensors

/// Which parts make an observed object: importance sampling over `observed_object` of `object.gns` (each
/// particle builds an object part by part from the prior and is weighted by how well its voxels explain the
/// observed ones), then Metropolis-Hastings sweeps from the best-weighted particle, and the result scored
/// against the parts that made the object.
///
/// A particle from the prior rarely has the right number of parts, and with one voxel in a hundred flipped by
/// the observation model a wrong voxel costs 4.6 nats, so one particle takes nearly all the weight. The sweeps
/// repair it one part at a time with the engine's moves: a Gaussian random walk on the part's latent (its
/// shape and place), its category resimulated from the category model, the whole part resimulated, and its stop
/// decision resimulated, which drops the parts after it or grows new ones after the last.
public struct PartInference: Sendable {
    /// The `observed_object(voxels)` model.
    public let model: Model

    /// Loads `object.gns` from `directory`, resolved against `builtins` (with the object networks).
    public init(programs directory: String, builtins: BuiltinRegistry) throws {
        model = try ObjectPrograms.objectModel("observed_object", directory: directory, builtins: builtins)
    }

    /// The explanation of `object`'s filled voxels after `particles` importance samples and `sweeps` sweeps.
    public func explain(_ object: PartVoxels, particles: Int, sweeps: Int, seed: UInt64) throws -> PartExplanation {
        let size = object.size
        let voxels = Value.tensor(Tensor(shape: [size, size, size], scalars: object.labels.map { $0 == 0 ? 0 : 1 }))
        let sampled = try model.importanceSampling([voxels], particles: particles, seed: seed)
        let best = sampled.logWeights.indices.max { sampled.logWeights[$0] < sampled.logWeights[$1] }!
        var trace = sampled.traces[best]
        let importanceScore = trace.score
        var generator = SeededGenerator(seed: seed &+ 0x5eed)
        let walk = RandomWalkSettings(steps: 4, burnIn: 0, stepSize: 0.2, block: true, adapt: false)
        for _ in 0..<sweeps {
            var i = 0
            while trace.entries[Self.address(i, "category")] != nil {
                trace = try model.randomWalkMetropolis(trace, selection: Selection([Self.address(i, "latent")]), settings: walk, using: &generator).last
                for selected in [Self.address(i, "category"), Address(["part", .index(i)]), Self.address(i, "stop")] {
                    trace = try model.metropolisHastings(trace, selection: Selection([selected]), using: &generator).trace
                }
                i += 1
            }
        }
        return PartExplanation(parts: try ObjectSampler.voxels(of: trace.returnValue), effectiveSampleSize: sampled.effectiveSampleSize,
                               importanceScore: importanceScore, score: trace.score)
    }

    /// `("part", i, name)`.
    private static func address(_ part: Int, _ name: String) -> Address { Address(["part", .index(part), .name(name)]) }
}

/// What ``PartInference`` made of an object.
public struct PartExplanation: Sendable {
    /// The explanation's parts on the grid.
    public let parts: PartVoxels
    /// The importance sampler's effective sample size (near 1 when one particle takes all the weight).
    public let effectiveSampleSize: Double
    /// log p(parts, voxels) of the best particle, and of the explanation after the sweeps.
    public let importanceScore: Double, score: Double
}

/// How an explanation's parts compare with the true parts: the part counts, and the true parts matched one to
/// one with explanation parts (greedily, by the largest voxel overlap first: intersection over union above 0)
/// whose category agrees.
public struct PartMatch: Sendable, Equatable {
    /// Parts in the truth and in the explanation.
    public let trueParts: Int, explainedParts: Int
    /// True parts matched to an explanation part of the same category.
    public let sameCategory: Int

    /// The counts themselves.
    public init(trueParts: Int, explainedParts: Int, sameCategory: Int) {
        (self.trueParts, self.explainedParts, self.sameCategory) = (trueParts, explainedParts, sameCategory)
    }

    /// Compares `explanation` with `truth` (grids of the same size); parts painted over entirely own no voxel
    /// and match nothing.
    public init(truth: PartVoxels, explanation: PartVoxels) {
        precondition(truth.size == explanation.size, "grids of one size")
        trueParts = truth.categories.count
        explainedParts = explanation.categories.count
        // Voxel counts per part and per (true part, explained part) pair.
        var trueCounts = [Int](repeating: 0, count: trueParts + 1), explainedCounts = [Int](repeating: 0, count: explainedParts + 1)
        var overlap = [Int](repeating: 0, count: (trueParts + 1) * (explainedParts + 1))
        for (t, e) in zip(truth.labels, explanation.labels) {
            trueCounts[Int(t)] += 1
            explainedCounts[Int(e)] += 1
            overlap[Int(t) * (explainedParts + 1) + Int(e)] += 1
        }
        var pairs: [(union: Double, t: Int, e: Int)] = []
        for t in 1..<(trueParts + 1) {
            for e in 1..<(explainedParts + 1) where overlap[t * (explainedParts + 1) + e] > 0 {
                let shared = overlap[t * (explainedParts + 1) + e]
                pairs.append((Double(shared) / Double(trueCounts[t] + explainedCounts[e] - shared), t, e))
            }
        }
        var usedTrue = Set<Int>(), usedExplained = Set<Int>(), same = 0
        for pair in pairs.sorted(by: { $0.union > $1.union || ($0.union == $1.union && ($0.t, $0.e) < ($1.t, $1.e)) })
        where !usedTrue.contains(pair.t) && !usedExplained.contains(pair.e) {
            usedTrue.insert(pair.t)
            usedExplained.insert(pair.e)
            if truth.categories[pair.t - 1] == explanation.categories[pair.e - 1] { same += 1 }
        }
        sameCategory = same
    }
}
