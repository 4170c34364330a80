import Neural
import Random
import Tensors

/// Training checkpoints for the command-line tests, written by the real `TrainingRun` on a one-weight task.
enum Checkpoints {
    /// A task with one number to learn; the checkpoint's settings are what the tests look at.
    struct Constant: TrainingTask {
        mutating func prepare(epoch: Int) {}
        var trainingCount: Int { 128 }
        func loss(of network: inout Linear, batch: [Int], pass: inout ForwardPass) -> Tensor {
            (network(Tensor(shape: [1, 1], scalars: [1])) - 1).squared().mean()
        }
        func validationLoss(of network: Linear) -> Double { 0 }
    }

    /// Writes the checkpoint a run with these settings leaves when paused before its first batch.
    static func write(to path: String, batchSize: Int, learningRate: Double) throws {
        var configuration = TrainingConfiguration()
        configuration.batchSize = batchSize
        configuration.learningRate = learningRate
        var generator = SeededGenerator(seed: 1)
        var run = try TrainingRun(task: Constant(), network: Linear(1, 1, generator: &generator), configuration: configuration,
                                  checkpointPath: path, resume: false)
        try run.run(pauseWhen: { true }) { _ in }
    }
}
