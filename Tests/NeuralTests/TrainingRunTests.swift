import Foundation
import Random
import Tensors
import Testing
@testable import Neural

/// y = 2 x0 - x1 + 0.5 with noise, with a random "augmentation" jitter per epoch so epochs differ.
struct RegressionTask: TrainingTask {
    var inputs: [Float] = [], targets: [Float] = []
    let validation: (inputs: Tensor, targets: Tensor)

    init() {
        var generator = SeededGenerator(seed: 99)
        let x = Tensor.randomNormal([40, 2], using: &generator)
        validation = (x, Self.truth(x))
    }

    static func truth(_ x: Tensor) -> Tensor {
        let columns = x.split([1, 1], axis: 1)
        return columns[0] * 2 - columns[1] + 0.5
    }

    mutating func prepare(epoch: Int) {
        var generator = SeededGenerator(seed: 7, stream: UInt64(epoch))
        let x = Tensor.randomNormal([96, 2], using: &generator)
        inputs = x.scalars
        targets = (Self.truth(x) + Tensor.randomNormal([96, 1], standardDeviation: 0.1, using: &generator)).scalars
    }

    var trainingCount: Int { targets.count }

    func loss(of network: inout Linear, batch: [Int], pass: inout ForwardPass) -> Tensor {
        let x = Tensor(shape: [batch.count, 2], scalars: batch.flatMap { [inputs[2 * $0], inputs[2 * $0 + 1]] })
        let y = Tensor(shape: [batch.count, 1], scalars: batch.map { targets[$0] })
        return pass.dropout((network(x) - y).squared(), 0.1).mean()
    }

    func validationLoss(of network: Linear) -> Double {
        (network(validation.inputs) - validation.targets).squared().mean().scalar
    }
}

@Suite struct TrainingRunTests {
    func configuration() -> TrainingConfiguration {
        var configuration = TrainingConfiguration()
        configuration.epochs = 6
        configuration.batchSize = 8
        configuration.learningRate = 0.05
        configuration.patience = 10
        return configuration
    }

    func temporaryPath() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("gns-run-\(UUID()).safetensors").path
    }

    /// Pausing mid-epoch (as a `kill -9` after a checkpoint would) and resuming from the checkpoint file gives
    /// bit-for-bit the weights and history of an uninterrupted run.
    @Test func resumedRunEqualsUninterruptedRun() throws {
        var generator = SeededGenerator(seed: 1)
        let start = Linear(2, 1, generator: &generator)
        let (pathA, pathB) = (temporaryPath(), temporaryPath())
        defer { for p in [pathA, pathB] { try? FileManager.default.removeItem(atPath: p) } }

        var whole = try TrainingRun(task: RegressionTask(), network: start, configuration: configuration(), checkpointPath: pathA, resume: false)
        try whole.run { _ in }
        #expect(whole.isFinished && whole.history.count == 6)
        #expect(whole.history.last!.validationLoss < 0.05, "the run learns the regression")

        var batches = 0
        var first = try TrainingRun(task: RegressionTask(), network: start, configuration: configuration(), checkpointPath: pathB, resume: false)
        try first.run(pauseWhen: { batches += 1; return batches > 29 }) { _ in }   // 12 batches per epoch: pause inside epoch 3
        #expect(!first.isFinished)
        var resumed = try TrainingRun(task: RegressionTask(), network: Linear(2, 1, generator: &generator),
                                      configuration: configuration(), checkpointPath: pathB, resume: true)
        try resumed.run { _ in }
        // Throughput is wall-clock; everything else must match exactly.
        #expect(resumed.history.map { [Double($0.epoch), $0.trainingLoss, $0.validationLoss] }
                == whole.history.map { [Double($0.epoch), $0.trainingLoss, $0.validationLoss] })
        #expect(resumed.best.parameters == whole.best.parameters)
        #expect(resumed.network.parameters == whole.network.parameters)
    }

    @Test func corruptCheckpointIsAClearError() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        try Data("not a checkpoint".utf8).write(to: URL(fileURLWithPath: path))
        var generator = SeededGenerator(seed: 2)
        #expect { try TrainingRun(task: RegressionTask(), network: Linear(2, 1, generator: &generator),
                                  configuration: configuration(), checkpointPath: path, resume: true) } throws: { error in
            "\(error)".contains(path) && "\(error)".contains("cannot resume")
        }
    }

    /// A loss that turns NaN (a learning rate far too high) stops the run with an error at that batch; the
    /// checkpoint of the last finished epoch stays on disk, readable, and nothing non-finite is written.
    @Test func nonFiniteLossStopsAndKeepsTheLastGoodCheckpoint() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        var generator = SeededGenerator(seed: 3)
        var run = try TrainingRun(task: PoisonedTask(poisonedEpoch: 2, poisonedBatch: 3), network: Linear(2, 1, generator: &generator),
                                  configuration: configuration(), checkpointPath: path, resume: false)
        #expect { try run.run { _ in } } throws: { error in
            guard case let .nonFiniteLoss(what, epoch, batch, value, checkpoint) = error as? TrainingError else { return false }
            return what == "training" && epoch == 3 && batch == 4 && value.isNaN && checkpoint == path
        }
        // The checkpoint is the end of epoch 2: a run resumed from it starts epoch 3 afresh.
        let resumed = try TrainingRun(task: RegressionTask(), network: Linear(2, 1, generator: &generator),
                                      configuration: configuration(), checkpointPath: path, resume: true)
        #expect(resumed.history.count == 2)
        #expect(resumed.network.parameters.allSatisfy { $0.scalars.allSatisfy(\.isFinite) })
        #expect(TrainingError.nonFiniteLoss(what: "training", epoch: 3, batch: 4, value: .nan, checkpointPath: path).description
                .contains("The last good checkpoint, \(path), is kept"))
    }

    /// On resume, the epoch budget given replaces the checkpoint's: shorter ends the run sooner, longer extends it.
    @Test func resumeAppliesTheNewEpochBudget() throws {
        let path = temporaryPath()
        defer { try? FileManager.default.removeItem(atPath: path) }
        var generator = SeededGenerator(seed: 4)
        var batches = 0
        var first = try TrainingRun(task: RegressionTask(), network: Linear(2, 1, generator: &generator),
                                    configuration: configuration(), checkpointPath: path, resume: false)
        try first.run(pauseWhen: { batches += 1; return batches > 29 }) { _ in }   // inside epoch 3 of 6
        var shorter = configuration()
        shorter.epochs = 3
        var resumed = try TrainingRun(task: RegressionTask(), network: Linear(2, 1, generator: &generator),
                                      configuration: shorter, checkpointPath: path, resume: true)
        #expect(try TrainingConfiguration(checkpoint: path).epochs == 6)
        try resumed.run { _ in }
        #expect(resumed.isFinished && resumed.history.count == 3)
        // Resumed again with a budget already reached: finished at once.
        shorter.epochs = 2
        let done = try TrainingRun(task: RegressionTask(), network: Linear(2, 1, generator: &generator),
                                   configuration: shorter, checkpointPath: path, resume: true)
        #expect(done.isFinished)
    }

    @Test func invalidSettingsAreErrorsNotTraps() {
        var generator = SeededGenerator(seed: 5)
        for change in [{ (c: inout TrainingConfiguration) in c.batchSize = 0 }, { $0.epochs = 0 }, { $0.learningRate = -1 },
                       { $0.learningRate = .nan }, { $0.patience = 0 }] {
            var settings = configuration()
            change(&settings)
            #expect(settings.problem != nil)
            #expect(throws: TrainingError.self) {
                try TrainingRun(task: RegressionTask(), network: Linear(2, 1, generator: &generator), configuration: settings,
                                checkpointPath: temporaryPath(), resume: false)
            }
        }
        #expect(configuration().problem == nil)
    }
}

/// The regression task whose loss is NaN from batch `poisonedBatch` (0-based) of epoch `poisonedEpoch` on.
struct PoisonedTask: TrainingTask {
    var base = RegressionTask()
    let poisonedEpoch: Int, poisonedBatch: Int
    var epoch = 0

    init(poisonedEpoch: Int, poisonedBatch: Int) {
        self.poisonedEpoch = poisonedEpoch
        self.poisonedBatch = poisonedBatch
    }

    mutating func prepare(epoch: Int) {
        self.epoch = epoch
        base.prepare(epoch: epoch)
    }

    var trainingCount: Int { base.trainingCount }

    func loss(of network: inout Linear, batch: [Int], pass: inout ForwardPass) -> Tensor {
        let loss = base.loss(of: &network, batch: batch, pass: &pass)
        // Which batch this is: its place in the epoch's order (seed 1, 8 examples per batch, as `configuration()`).
        let order = TrainingRun<RegressionTask>.shuffled(trainingCount, seed: 1, epoch: epoch)
        let index = order.firstIndex(of: batch[0])! / batch.count
        return (epoch, index) >= (poisonedEpoch, poisonedBatch) ? loss * Double.nan : loss
    }

    func validationLoss(of network: Linear) -> Double { base.validationLoss(of: network) }
}
