import Foundation
import Inference
import Language
import ObjectModel
import ObjectNetworks
import Random
import Testing
@testable import ObjectTasks

/// ``PartInference`` on objects the model itself drew (untrained networks, so the test needs no weights).
@Suite struct PartInferenceTests {
    static let programs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Programs/objects").path
    static let builtins = BuiltinRegistry.withObjectModel(networks: ObjectNetworkSet(categories: ["leg", "seat", "top"], seed: 2))

    /// Objects drawn from `generate_object`.
    static func drawn(_ count: Int) throws -> [PartVoxels] {
        let model = try ObjectPrograms.objectModel("generate_object", directory: programs, builtins: builtins)
        return try (0..<count).map { seed in
            var generator = SeededGenerator(seed: UInt64(100 + seed))
            return try ObjectSampler.voxels(of: try model.simulate([], using: &generator).returnValue)
        }
    }

    @Test func withoutSweepsTheExplanationIsTheBestParticle() throws {
        let inference = try PartInference(programs: Self.programs, builtins: Self.builtins)
        let object = try Self.drawn(1)[0]
        let explained = try inference.explain(object, particles: 4, sweeps: 0, seed: 1)
        #expect(explained.score == explained.importanceScore)
        #expect(explained.effectiveSampleSize >= 1 && explained.effectiveSampleSize <= 4)
    }

    /// The sweeps are Metropolis-Hastings moves on a posterior where a wrong voxel costs 4.6 nats, so a move that
    /// loses d nats is taken with probability e^-d and the chain climbs: over three objects (fixed seeds) the
    /// explanations after two sweeps score higher on average than the particles they started from. A sweep
    /// that moved nothing, or moved without the acceptance test, would fail this.
    @Test func sweepsImproveTheBestParticle() throws {
        let inference = try PartInference(programs: Self.programs, builtins: Self.builtins)
        var before = 0.0, after = 0.0
        for (i, object) in try Self.drawn(3).enumerated() {
            let explained = try inference.explain(object, particles: 2, sweeps: 2, seed: UInt64(i))
            #expect(explained.score.isFinite)
            before += explained.importanceScore
            after += explained.score
        }
        #expect(after > before)
    }
}
