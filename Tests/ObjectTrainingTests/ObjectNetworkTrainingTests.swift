import Foundation
import Neural
import ObjectModel
import ObjectNetworks
import Random
import Tensors
import Testing
@testable import ObjectTraining

/// The object networks' training examples and short training runs on small synthetic sets.
@Suite struct ObjectNetworkTrainingTests {
    /// `count` 32³ objects: tables (a top on four legs) and stools (a seat on one leg) of varied sizes.
    static func furniture(count: Int, seed: UInt64) throws -> ObjectExamples {
        var generator = SeededGenerator(seed: seed)
        var objects: [PartVoxelSet.Object] = []
        for i in 0..<count {
            let height = Int.random(in: 6...14, using: &generator), side = Int.random(in: 8...20, using: &generator)
            let (lo, hi) = (16 - side / 2, 16 + side / 2)
            let top = PartBox(category: i % 2 == 0 ? "top" : "seat", lo: [lo, height, lo], hi: [hi, height + 2, hi])
            let legs = i % 2 == 0
                ? [[lo, lo], [hi - 2, lo], [lo, hi - 2], [hi - 2, hi - 2]].map { PartBox(category: "leg", lo: [$0[0], 0, $0[1]], hi: [$0[0] + 2, height, $0[1] + 2]) }
                : [PartBox(category: "leg", lo: [15, 0, 15], hi: [17, height, 17])]
            objects.append(.init(kind: i % 2 == 0 ? "table" : "stool", voxels: try PartVoxels(size: 32, parts: legs + [top])))
        }
        return try ObjectExamples(PartVoxelSet(objects: objects), path: "synthetic.gnsvox")
    }

    func configuration(epochs: Int, batchSize: Int) -> TrainingConfiguration {
        var configuration = TrainingConfiguration()
        configuration.epochs = epochs
        configuration.batchSize = batchSize
        configuration.learningRate = 3e-3
        configuration.patience = 10
        return configuration
    }

    func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("gns-objects-\(UUID()).safetensors").path
    }

    @Test func examplesAreTheCanvasBeforeEachPartAndThatPart() throws {
        let examples = try Self.furniture(count: 2, seed: 1)
        #expect(examples.categories == ["leg", "seat", "top"])
        // A table has five parts (four legs, then the top), a stool two.
        #expect(examples.partSteps(0..<2).count == 7)
        let stops = examples.terminationSteps(0..<2)
        #expect(stops.map(\.placed) == [1, 2, 3, 4, 5, 1, 2])
        #expect(stops.map(examples.isLast) == [false, false, false, false, true, false, true])
        let table = examples.objects[0]
        let lastStep = PartStep(object: 0, placed: 4)
        #expect(examples.category(lastStep) == 2)
        let canvas = examples.canvases([lastStep]).scalars, part = examples.parts([lastStep]).scalars
        // The canvas holds the legs, the part is the top, and together they are the whole table.
        #expect(canvas.reduce(0, +) + part.reduce(0, +) == Float(table.filledCount))
        #expect(zip(canvas, part).allSatisfy { $0 * $1 == 0 })
        #expect(examples.canvases([PartStep(object: 0, placed: 0)]).scalars.allSatisfy { $0 == 0 })
    }

    @Test func gridsOtherThan32AreAnErrorNamingTheFile() throws {
        let small = PartVoxelSet(objects: [.init(kind: "slab", voxels: try PartVoxels(size: 8, parts: [PartBox(category: "top", lo: [0, 0, 0], hi: [8, 1, 8])]))])
        #expect { try ObjectExamples(small, path: "small.gnsvox") } throws: { "\($0)".hasPrefix("small.gnsvox: ") && "\($0)".contains("32^3") }
    }

    @Test func shortRunsLowerEachNetworksLoss() throws {
        let examples = try Self.furniture(count: 12, seed: 2)
        var generator = SeededGenerator(seed: 3)
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        var category = try TrainingRun(task: ObjectNetworkTask.category(examples, validationObjects: 2),
                                       network: PartCategoryNetwork(categories: examples.categories, generator: &generator),
                                       configuration: configuration(epochs: 4, batchSize: 8), checkpointPath: path, resume: false)
        try category.run { _ in }
        #expect(category.history.last!.trainingLoss < category.history.first!.trainingLoss)
        var termination = try TrainingRun(task: ObjectNetworkTask.termination(examples, validationObjects: 2),
                                          network: ObjectTerminationNetwork(generator: &generator),
                                          configuration: configuration(epochs: 4, batchSize: 8), checkpointPath: path, resume: false)
        try termination.run { _ in }
        #expect(termination.history.last!.trainingLoss < termination.history.first!.trainingLoss)
        // The instance model's first steps learn that most voxels are empty: the best weights' negative ELBO on the
        // held-out objects is far below the untrained network's.
        let instanceTask = ObjectNetworkTask.instance(examples, validationObjects: 2)
        let untrained = PartInstanceNetwork(categories: examples.categories, generator: &generator)
        var instance = try TrainingRun(task: instanceTask, network: untrained,
                                       configuration: configuration(epochs: 3, batchSize: 8), checkpointPath: path, resume: false)
        try instance.run { _ in }
        let best = instance.history.map(\.validationLoss).min()!
        #expect(best < 0.5 * instanceTask.validationLoss(of: untrained))
        #expect(instanceTask.validationLoss(of: instance.best) == best)
    }

    @Test func anInterruptedRunResumesBitForBit() throws {
        let examples = try Self.furniture(count: 8, seed: 4)
        let start = { () -> ObjectTerminationNetwork in
            var generator = SeededGenerator(seed: 5)
            return ObjectTerminationNetwork(generator: &generator)
        }
        let (pathA, pathB) = (temporaryPath(), temporaryPath())
        defer { for path in [pathA, pathB] { try? FileManager.default.removeItem(atPath: path) } }
        let task = ObjectNetworkTask.termination(examples, validationObjects: 2)
        var whole = try TrainingRun(task: task, network: start(), configuration: configuration(epochs: 2, batchSize: 4),
                                    checkpointPath: pathA, resume: false)
        try whole.run { _ in }
        var batches = 0
        var first = try TrainingRun(task: task, network: start(), configuration: configuration(epochs: 2, batchSize: 4),
                                    checkpointPath: pathB, resume: false)
        try first.run(pauseWhen: { batches += 1; return batches > 5 }) { _ in }   // inside epoch 2
        #expect(!first.isFinished)
        var resumed = try TrainingRun(task: task, network: start(), configuration: configuration(epochs: 2, batchSize: 4),
                                      checkpointPath: pathB, resume: true)
        try resumed.run { _ in }
        #expect(resumed.history.map(\.validationLoss) == whole.history.map(\.validationLoss))
        #expect(resumed.network.parameters == whole.network.parameters)
    }
}
