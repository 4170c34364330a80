import Foundation
import Random
import Tensors

/// The settings of a training run (stored in its checkpoint, so a resumed run continues with the same ones).
public struct TrainingConfiguration: Sendable, Codable, Equatable {
    /// Epochs at most (early stopping may end sooner).
    public var epochs = 30
    /// Examples per gradient step.
    public var batchSize = 64
    /// Adam's step size.
    public var learningRate = 1e-3
    /// Decoupled weight decay per unit learning rate.
    public var weightDecay = 1e-4
    /// Gradients are clipped to this global norm.
    public var maxGradientNorm = 10.0
    /// Stop after this many epochs without a better validation loss.
    public var patience = 4
    /// Seconds between checkpoints within an epoch.
    public var checkpointInterval = 120.0
    /// Seeds shuffling, augmentation and dropout; every epoch and batch draws from its own stream, so a
    /// resumed run repeats exactly what the uninterrupted run would have done.
    public var seed: UInt64 = 1
    /// Which data the run holds out, as option name and value ("validation-drawers": "19,20"); nil in
    /// checkpoints written before it was recorded. A resumed run must hold out the same data.
    public var dataSplit: [String: String]?

    /// The defaults.
    public init() {}

    /// Why these settings cannot train, or nil.
    public var problem: String? {
        if epochs < 1 { return "epochs must be at least 1, got \(epochs)" }
        if batchSize < 1 { return "the batch size must be at least 1, got \(batchSize)" }
        if !(learningRate > 0 && learningRate.isFinite) { return "the learning rate must be positive and finite, got \(learningRate)" }
        if !(weightDecay >= 0 && weightDecay.isFinite) { return "the weight decay must be non-negative and finite, got \(weightDecay)" }
        if !(maxGradientNorm > 0) { return "the gradient-norm bound must be positive, got \(maxGradientNorm)" }
        if patience < 1 { return "the patience must be at least 1 epoch, got \(patience)" }
        if !(checkpointInterval > 0) { return "the checkpoint interval must be positive, got \(checkpointInterval)" }
        return nil
    }

    /// The settings stored in the checkpoint at `path` (what a resumed run will use).
    public init(checkpoint path: String) throws(TrainingError) {
        do {
            self = try CheckpointState.read(SafeTensors.read(from: path), path: path).configuration
        } catch let error as TrainingError {
            throw error
        } catch {
            throw .badCheckpoint(path: path, reason: "\(error)")
        }
    }
}

/// A training run's position and record, as its checkpoint's metadata holds it (JSON).
struct CheckpointState: Codable {
    var configuration: TrainingConfiguration
    var epoch = 0, batch = 0
    var lossSum = 0.0, lossBatches = 0
    var bestValidation: Double?
    var epochsSinceBest = 0
    var history: [EpochRecord] = []
    var finished = false

    /// The state in checkpoint `file` (read from `path`), checking its format marker.
    static func read(_ file: SafeTensors, path: String) throws -> CheckpointState {
        guard file.metadata["format"] == "gns-training-checkpoint-1", let json = file.metadata["state"] else {
            throw TrainingError.badCheckpoint(path: path, reason: "not a GNS training checkpoint")
        }
        return try JSONDecoder().decode(CheckpointState.self, from: Data(json.utf8))
    }
}

/// What a network is trained on: examples per epoch (possibly augmented) and the two losses.
public protocol TrainingTask {
    /// The network being trained.
    associatedtype Network: ParameterContainer
    /// Builds epoch `epoch`'s training examples (deterministic in `epoch` and the task's seed).
    mutating func prepare(epoch: Int)
    /// The number of training examples of the prepared epoch.
    var trainingCount: Int { get }
    /// The mean loss of the training examples at `batch` (indices), differentiable w.r.t. the network.
    func loss(of network: inout Network, batch: [Int], pass: inout ForwardPass) -> Tensor
    /// The mean loss per validation example, in evaluation mode.
    func validationLoss(of network: Network) -> Double
}

/// One finished epoch.
public struct EpochRecord: Sendable, Codable, Equatable {
    /// 1-based epoch number.
    public var epoch: Int
    /// Mean training loss over the epoch's batches (with dropout).
    public var trainingLoss: Double
    /// Mean validation loss at the end of the epoch (evaluation mode).
    public var validationLoss: Double
    /// Training examples per second of wall time in this epoch.
    public var examplesPerSecond: Double
}

/// A snapshot for progress displays.
public struct TrainingProgress: Sendable {
    /// 1-based epoch, and the maximum.
    public var epoch: Int, epochs: Int
    /// Batches done in this epoch, and its total.
    public var batch: Int, batches: Int
    /// Running mean training loss of this epoch.
    public var trainingLoss: Double
    /// The last validation loss, if an epoch has finished.
    public var validationLoss: Double?
    /// Throughput since the run (re)started.
    public var examplesPerSecond: Double
    /// Estimated seconds to the last epoch's end.
    public var secondsLeft: Double
}

/// Why training could not run.
public enum TrainingError: Error, CustomStringConvertible {
    /// The checkpoint exists but cannot be used.
    case badCheckpoint(path: String, reason: String)
    /// The checkpoint could not be written.
    case cannotWrite(path: String, reason: String)
    /// There is nothing to train on.
    case noExamples(String)
    /// A setting is out of its range (a batch size of 0, a negative learning rate).
    case invalidConfiguration(String)
    /// A loss became NaN or infinite; the run stopped before checkpointing, so the last checkpoint is intact.
    case nonFiniteLoss(what: String, epoch: Int, batch: Int, value: Double, checkpointPath: String)

    public var description: String {
        switch self {
        case let .badCheckpoint(path, reason): return "\(path): cannot resume from this checkpoint: \(reason)"
        case let .cannotWrite(path, reason): return "\(path): cannot write checkpoint: \(reason)"
        case let .noExamples(what): return "no training examples: \(what)"
        case let .invalidConfiguration(problem): return "invalid training configuration: \(problem)"
        case let .nonFiniteLoss(what, epoch, batch, value, path):
            return "the \(what) loss became \(value) at epoch \(epoch), batch \(batch); training stopped without saving it. "
                + "The last good checkpoint, \(path), is kept (the learning rate may be too high)"
        }
    }
}

/// A resumable mini-batch training run with Adam, early stopping on validation loss and regular checkpoints.
///
/// The checkpoint (one safetensors file, replaced atomically) holds the current and the best weights, Adam's
/// moments, and the position (epoch, batch) with the epoch's running loss. Because shuffling, augmentation and
/// dropout draw from streams keyed by (seed, epoch, batch), resuming from it continues bit for bit; a `kill -9`
/// loses at most the batches since the last checkpoint.
public struct TrainingRun<Task: TrainingTask> {
    /// The task (examples and losses).
    public var task: Task
    /// The weights being trained.
    public private(set) var network: Task.Network
    /// The weights with the best validation loss so far (what training produces).
    public private(set) var best: Task.Network
    /// Finished epochs.
    public var history: [EpochRecord] { state.history }
    /// The settings.
    public var configuration: TrainingConfiguration { state.configuration }

    private var optimizer: Adam
    private var state: CheckpointState
    private let checkpointPath: String

    /// A run of `task` from `network`, or, when `resume` is set and `checkpointPath` exists, from that checkpoint
    /// (its configuration wins, except for the epoch budget, `configuration.epochs`, which replaces the saved one:
    /// a run already past it is finished).
    public init(task: Task, network: Task.Network, configuration: TrainingConfiguration, checkpointPath: String,
                resume: Bool) throws(TrainingError) {
        if let problem = configuration.problem { throw .invalidConfiguration(problem) }
        self.task = task
        self.network = network
        self.best = network
        self.checkpointPath = checkpointPath
        state = CheckpointState(configuration: configuration)
        optimizer = Adam(learningRate: configuration.learningRate, weightDecay: configuration.weightDecay)
        if resume && FileManager.default.fileExists(atPath: checkpointPath) {
            try restore(epochs: configuration.epochs)
        }
    }

    /// Whether the run has ended (all epochs done, or early-stopped).
    public var isFinished: Bool { state.finished }

    /// Trains until the last epoch or early stopping; if `shouldPause` answers true before a batch, checkpoints and
    /// returns so a later run can resume (a time budget, or a test interrupting at a chosen batch).
    public mutating func run(pauseWhen shouldPause: () -> Bool = { false },
                             progress: (TrainingProgress) -> Void) throws(TrainingError) {
        let configuration = state.configuration
        var lastCheckpoint = Date(), lastReport = Date.distantPast
        let started = Date()
        var examplesThisRun = 0
        while !state.finished {
            task.prepare(epoch: state.epoch)
            let order = Self.shuffled(task.trainingCount, seed: configuration.seed, epoch: state.epoch)
            let batches = order.count / configuration.batchSize
            guard batches > 0 else { throw .noExamples("\(order.count) examples, fewer than one batch of \(configuration.batchSize)") }
            let epochStarted = Date()
            var examplesThisEpoch = 0
            while state.batch < batches {
                if shouldPause() {
                    try writeCheckpoint()
                    return
                }
                let indices = Array(order[(state.batch * configuration.batchSize)..<((state.batch + 1) * configuration.batchSize)])
                var pass = ForwardPass.training(SeededGenerator(seed: configuration.seed,
                                                                stream: (1 << 40) | UInt64(state.epoch << 20 | state.batch)))
                let task = self.task
                let value = network.trainingStep(optimizer: &optimizer, maxGradientNorm: configuration.maxGradientNorm) { tracked in
                    task.loss(of: &tracked, batch: indices, pass: &pass)
                }
                // The step has already moved the weights by a non-finite gradient: stop before they reach a checkpoint.
                guard value.isFinite else {
                    throw .nonFiniteLoss(what: "training", epoch: state.epoch + 1, batch: state.batch + 1, value: value, checkpointPath: checkpointPath)
                }
                state.lossSum += value
                state.lossBatches += 1
                state.batch += 1
                examplesThisRun += indices.count
                examplesThisEpoch += indices.count
                let now = Date()
                if now.timeIntervalSince(lastReport) >= 2 || state.batch == batches {
                    lastReport = now
                    let rate = Double(examplesThisRun) / max(now.timeIntervalSince(started), 1e-9)
                    let remaining = Double((configuration.epochs - state.epoch) * batches - state.batch) * Double(configuration.batchSize)
                    progress(TrainingProgress(epoch: state.epoch + 1, epochs: configuration.epochs, batch: state.batch, batches: batches,
                                              trainingLoss: state.lossSum / Double(state.lossBatches),
                                              validationLoss: state.history.last?.validationLoss,
                                              examplesPerSecond: rate, secondsLeft: remaining / max(rate, 1e-9)))
                }
                if now.timeIntervalSince(lastCheckpoint) >= configuration.checkpointInterval {
                    try writeCheckpoint()
                    lastCheckpoint = now
                }
            }
            try finishEpoch(examplesPerSecond: Double(examplesThisEpoch) / max(Date().timeIntervalSince(epochStarted), 1e-9))
            try writeCheckpoint()
            lastCheckpoint = Date()
        }
    }

    private mutating func finishEpoch(examplesPerSecond: Double) throws(TrainingError) {
        let validation = task.validationLoss(of: network)
        guard validation.isFinite else {
            throw .nonFiniteLoss(what: "validation", epoch: state.epoch + 1, batch: state.batch, value: validation, checkpointPath: checkpointPath)
        }
        state.history.append(EpochRecord(epoch: state.epoch + 1, trainingLoss: state.lossSum / Double(max(state.lossBatches, 1)),
                                         validationLoss: validation, examplesPerSecond: examplesPerSecond))
        if validation < (state.bestValidation ?? .infinity) {
            state.bestValidation = validation
            state.epochsSinceBest = 0
            best = network
        } else {
            state.epochsSinceBest += 1
        }
        state.epoch += 1
        state.batch = 0
        state.lossSum = 0
        state.lossBatches = 0
        state.finished = state.epoch >= state.configuration.epochs || state.epochsSinceBest >= state.configuration.patience
    }

    /// A permutation of `0..<count` for one epoch (Fisher-Yates on the epoch's own stream).
    static func shuffled(_ count: Int, seed: UInt64, epoch: Int) -> [Int] {
        var generator = SeededGenerator(seed: seed, stream: UInt64(epoch))
        var order = Array(0..<count)
        for i in stride(from: count - 1, to: 0, by: -1) {
            order.swapAt(i, Int(generator.next() % UInt64(i + 1)))
        }
        return order
    }

    // MARK: Checkpoints

    private func writeCheckpoint() throws(TrainingError) {
        var tensors: [String: Tensor] = [:]
        for (name, tensor) in network.stateDictionary { tensors["network." + name] = tensor }
        for (name, tensor) in best.stateDictionary { tensors["best." + name] = tensor }
        let adam = optimizer.state
        for (i, moment) in adam.firstMoments.enumerated() { tensors["adam.first.\(i)"] = Tensor(moment) }
        for (i, moment) in adam.secondMoments.enumerated() { tensors["adam.second.\(i)"] = Tensor(moment) }
        var metadata = ["format": "gns-training-checkpoint-1", "adam.steps": String(adam.stepCount)]
        do {
            metadata["state"] = String(decoding: try JSONEncoder().encode(state), as: UTF8.self)
            try SafeTensors(tensors: tensors, metadata: metadata).write(to: checkpointPath)
        } catch {
            throw .cannotWrite(path: checkpointPath, reason: "\(error)")
        }
    }

    private mutating func restore(epochs: Int) throws(TrainingError) {
        let path = checkpointPath
        do {
            let file = try SafeTensors.read(from: path)
            var restored = try CheckpointState.read(file, path: path)
            guard let steps = file.metadata["adam.steps"].flatMap(Int.init) else {
                throw TrainingError.badCheckpoint(path: path, reason: "not a GNS training checkpoint")
            }
            func weights(_ prefix: String) -> SafeTensors {
                var selected: [String: Tensor] = [:]
                for (name, tensor) in file.tensors where name.hasPrefix(prefix) { selected[String(name.dropFirst(prefix.count))] = tensor }
                return SafeTensors(tensors: selected)
            }
            try network.load(weights("network."), path: path)
            try best.load(weights("best."), path: path)
            let count = network.parameters.count
            let first = (0..<count).compactMap { file["adam.first.\($0)"]?.scalars }
            let second = (0..<count).compactMap { file["adam.second.\($0)"]?.scalars }
            guard steps == 0 || (first.count == count && second.count == count) else {
                throw TrainingError.badCheckpoint(path: path, reason: "optimizer state has \(first.count) of \(count) tensors")
            }
            optimizer = Adam(learningRate: restored.configuration.learningRate, weightDecay: restored.configuration.weightDecay)
            optimizer.state = (steps, first, second)
            if epochs != restored.configuration.epochs {
                restored.configuration.epochs = epochs
                restored.finished = restored.epoch >= epochs || restored.epochsSinceBest >= restored.configuration.patience
            }
            state = restored
        } catch let error as TrainingError {
            throw error
        } catch {
            throw .badCheckpoint(path: path, reason: "\(error)")
        }
    }
}
