import Foundation
import Neural
import Random
import Tensors
import Testing
@testable import ObjectNetworks

/// The three object networks' shapes, probabilities and weights files.
@Suite struct ObjectNetworkTests {
    static let categories = ["leg", "seat", "top"]

    /// A canvas with a box filled (z, y, x ranges), the rest empty.
    static func canvas(_ z: Range<Int>, _ y: Range<Int>, _ x: Range<Int>) -> [Float] {
        var grid = [Float](repeating: 0, count: VoxelCanvas.count)
        for k in z { for j in y { for i in x { grid[(k * 32 + j) * 32 + i] = 1 } } }
        return grid
    }

    @Test func categoryProbabilitiesAreADistributionOverTheCategories() {
        var generator = SeededGenerator(seed: 1)
        let network = PartCategoryNetwork(categories: Self.categories, generator: &generator)
        let probabilities = network.probabilities(canvas: Self.canvas(4..<28, 10..<12, 4..<28))
        #expect(probabilities.count == 3)
        #expect(Swift.abs(probabilities.reduce(0, +) - 1) < 1e-6)
        #expect(probabilities.allSatisfy { $0 > 0 })
        let canvases = Tensor(shape: [2, 1, 32, 32, 32], scalars: Self.canvas(0..<4, 0..<4, 0..<4) + Self.canvas(0..<32, 0..<2, 0..<32))
        let losses = network.losses(canvases: canvases, targets: [0, 2])
        #expect(losses.shape == [2])
        // The loss of a category is minus the log of its probability.
        let logits = network.logits(canvases: canvases).logSoftmax(axis: 1)
        #expect(Swift.abs(Double(losses.scalars[1]) + Double(logits[1, 2])) < 1e-5)
    }

    @Test func terminationProbabilityMatchesItsLoss() {
        var generator = SeededGenerator(seed: 2)
        let network = ObjectTerminationNetwork(generator: &generator)
        let canvas = Self.canvas(8..<24, 0..<16, 8..<24)
        let p = network.probability(canvas: canvas)
        #expect(p > 0 && p < 1)
        let losses = network.losses(canvases: Tensor(shape: [2, 1, 32, 32, 32], scalars: canvas + canvas), stops: [true, false])
        #expect(Swift.abs(Double(losses.scalars[0]) + Foundation.log(p)) < 1e-4)
        #expect(Swift.abs(Double(losses.scalars[1]) + Foundation.log(1 - p)) < 1e-4)
    }

    @Test func instanceModelScoresAndDecodesVoxelProbabilities() {
        var generator = SeededGenerator(seed: 3)
        let network = PartInstanceNetwork(categories: Self.categories, generator: &generator)
        let canvas = Self.canvas(0..<32, 10..<12, 0..<32), part = Self.canvas(2..<4, 0..<10, 2..<4)
        var pass = ForwardPass.evaluation
        let losses = network.losses(canvases: Tensor(shape: [1, 1, 32, 32, 32], scalars: canvas), categories: [0],
                                    parts: Tensor(shape: [1, 1, 32, 32, 32], scalars: part), pass: &pass)
        #expect(losses.shape == [1])
        // An untrained decoder's voxels are near one half: about 32³·log 2 nats.
        let perVoxel = Double(losses.scalars[0]) / Double(VoxelCanvas.count)
        #expect(perVoxel > 0.5 && perVoxel < 0.9)
        let probabilities = network.decode(latent: [Float](repeating: 0, count: PartInstanceNetwork.latentSize), category: 1, canvas: canvas)
        #expect(probabilities.count == VoxelCanvas.count)
        #expect(probabilities.allSatisfy { $0 > 0 && $0 < 1 })
        // The category changes the decoded part.
        let other = network.decode(latent: [Float](repeating: 0, count: PartInstanceNetwork.latentSize), category: 2, canvas: canvas)
        #expect(other != probabilities)
    }

    /// The decoder's mirror images: a leg at the back left, reflected in x, stands at the back right; in z, at
    /// the front left; each reflection undoes itself.
    @Test func theDecoderSeesTheCanvasMirroredInXAndZ() {
        let leg = Tensor(shape: [1, 1, 32, 32, 32], scalars: Self.canvas(2..<4, 0..<10, 5..<6))
        #expect(PartInstanceNetwork.mirrored(leg, axis: 4).scalars == Self.canvas(2..<4, 0..<10, 26..<27))
        #expect(PartInstanceNetwork.mirrored(leg, axis: 2).scalars == Self.canvas(28..<30, 0..<10, 5..<6))
        let two = Tensor(shape: [2, 1, 32, 32, 32], scalars: Self.canvas(2..<4, 0..<10, 5..<6) + Self.canvas(0..<32, 10..<12, 0..<7))
        #expect(PartInstanceNetwork.mirrored(PartInstanceNetwork.mirrored(two, axis: 4), axis: 4).scalars == two.scalars)
        #expect(Array(PartInstanceNetwork.mirrored(two, axis: 4).scalars[VoxelCanvas.count...]) == Self.canvas(0..<32, 10..<12, 25..<32))
    }

    @Test func weightsSurviveASafetensorsRoundTrip() throws {
        var first = SeededGenerator(seed: 4), second = SeededGenerator(seed: 5)
        let trained = PartInstanceNetwork(categories: Self.categories, generator: &first)
        var fresh = PartInstanceNetwork(categories: Self.categories, generator: &second)
        let canvas = Self.canvas(0..<32, 10..<12, 0..<32), latent: [Float] = [0.5, -1, 0, 0, 2, 0, 0, 1]
        #expect(fresh.decode(latent: latent, category: 0, canvas: canvas) != trained.decode(latent: latent, category: 0, canvas: canvas))
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("instance-\(UUID()).safetensors").path
        defer { try? FileManager.default.removeItem(atPath: path) }
        try SafeTensors(tensors: trained.stateDictionary).write(to: path)
        try fresh.load(contentsOf: path)
        #expect(fresh.decode(latent: latent, category: 0, canvas: canvas) == trained.decode(latent: latent, category: 0, canvas: canvas))
        // Another architecture's file does not load.
        var termination = ObjectTerminationNetwork(generator: &second)
        #expect(throws: WeightsError.self) { try termination.load(contentsOf: path) }
    }
}
