import Arguments
import CharacterModel
import CharacterTraining
import Files
import Foundation
import Images
import Neural
import ObjectNetworks
import ObjectTraining
import Random
import OmniglotData
import Tensors
import Spelling

extension Commands {
    /// `gns train location|stroke|termination`: fits one network of the type prior on the background drawings;
    /// `gns train object-category|object-termination|object-instance --data SET.gnsvox`: one of the object model's.
    static let train = Subcommand(
        CommandSpec(
            name: "train",
            summary: "Train a type-prior network (location, stroke or termination) on the Omniglot background drawings, or an object network (object-category, object-termination or object-instance) on a .gnsvox set.",
            positionals: [PositionalSpec("network", help: "location, stroke, termination, object-category, object-termination or object-instance.")],
            options: [
                .value("data", "PATH", help: "Characters: the Omniglot directory (zips or folders; default $GNS_DATA, else ../shared/omniglot). Objects: the .gnsvox set (from gns objects data; required)."),
                .value("epochs", "N", help: "Maximum epochs (early stopping may end sooner; on --resume, may extend the run).", default: "30"),
                .flag("resume", help: "Continue from the checkpoint if it exists."),
                .value("holdout-alphabets", "A,B", help: "Alphabets left out entirely (for a held-out likelihood)."),
                .value("out", "FILE", help: "Best weights (safetensors); a .manifest.json, .history.csv and .checkpoint.safetensors go beside it (its folder must exist; the default's is created).",
                       default: "gns-training/<network>.safetensors"),
                .value("max-minutes", "M", help: "Stop after M minutes with a checkpoint (resume later with --resume)."),
                .value("batch-size", "N", help: "Examples per step (fixed by the checkpoint on --resume).", default: "64"),
                .value("learning-rate", "X", help: "Adam step size (fixed by the checkpoint on --resume).", default: "0.001"),
                .value("patience", "N", help: "Stop after N epochs without a better validation loss (fixed by the checkpoint on --resume).", default: "4"),
                .value("validation-drawers", "D,E", help: "Drawers (1-20) held out for validation.", default: "19,20"),
                .value("seed", "N", help: "Seed of shuffling, augmentation and dropout (fixed by the checkpoint on --resume).", default: "1"),
                .flag("no-augment", help: "Do not warp drawings (affine augmentation is on by default)."),
                .value("validation-objects", "N", help: "Objects: the set's last N objects validate (default a tenth of the set)."),
            ]
        )
    ) { arguments in
        do {
            return try TrainJob(arguments).run()
        } catch let error as ArgumentError {
            standardError("gns train: \(error)")
            return 2
        } catch let error as TrainCommandError {
            standardError("gns train: \(error)")
            return 2
        } catch {
            standardError("gns train: \(error)")
            return 1
        }
    }
}

/// One `gns train` invocation: reads the data, builds or resumes the run, trains, writes the outputs.
private struct TrainJob {
    /// The network's name, a type-prior or an object network.
    let network: String
    let arguments: ParsedArguments
    let outputPath: String
    var base: String { outputPath.hasSuffix(".safetensors") ? String(outputPath.dropLast(".safetensors".count)) : outputPath }
    var checkpointPath: String { base + ".checkpoint.safetensors" }
    /// Every file the run writes.
    var outputs: [String] { [outputPath, checkpointPath, base + ".history.csv", base + ".history.png", base + ".manifest.json"] }

    init(_ arguments: ParsedArguments) throws {
        let name = arguments.positional("network") ?? ""
        let names = TypePriorNetwork.allCases.map(\.rawValue) + ObjectNetworkKind.allCases.map(\.rawValue)
        guard names.contains(name) else {
            throw ArgumentError.invalidValue(option: "network", value: name,
                                             expected: names.joined(separator: ", ") + (nearest(name, in: names).map { " (did you mean '\($0)'?)" } ?? ""), command: "train")
        }
        // Options of the other domain are mistakes, not something to ignore silently.
        let isObjectNetwork = ObjectNetworkKind(rawValue: name) != nil
        let otherDomain = isObjectNetwork ? ["holdout-alphabets", "validation-drawers", "no-augment"] : ["validation-objects"]
        if let misplaced = otherDomain.first(where: arguments.isGiven) {
            throw TrainCommandError("--\(misplaced) does not apply to the \(isObjectNetwork ? "object" : "character") network '\(name)'")
        }
        if isObjectNetwork && !arguments.isGiven("data") {
            throw TrainCommandError("\(name) needs --data SET.gnsvox (write one with: gns objects data --count 2000 --out SET.gnsvox)")
        }
        self.network = name
        self.arguments = arguments
        outputPath = (arguments.string("out") ?? "gns-training/<network>.safetensors").replacingOccurrences(of: "<network>", with: name)
    }

    func run() throws -> Int32 {
        var configuration = TrainingConfiguration()
        configuration.epochs = try arguments.int("epochs", atLeast: 1) ?? 30
        configuration.batchSize = try arguments.int("batch-size", atLeast: 1) ?? 64
        configuration.learningRate = try arguments.positiveDouble("learning-rate") ?? 1e-3
        configuration.patience = try arguments.int("patience", atLeast: 1) ?? 4
        configuration.seed = UInt64(try arguments.int("seed", atLeast: 0) ?? 1)
        let validationDrawers = Set(try (arguments.list("validation-drawers") ?? ["19", "20"]).map { text throws(ArgumentError) -> Int in
            guard let drawer = Int(text), (1...20).contains(drawer) else {
                throw ArgumentError.invalidValue(option: "validation-drawers", value: text, expected: "drawer numbers 1-20", command: "train")
            }
            return drawer
        })
        let deadline = (try arguments.positiveDouble("max-minutes")).map { Date().addingTimeInterval($0 * 60) } ?? .distantFuture
        try prepareOutputs()
        if arguments.flag("resume") && FileManager.default.fileExists(atPath: checkpointPath) {
            configuration = try resumedConfiguration(epochs: configuration.epochs)
        }
        if let objectNetwork = ObjectNetworkKind(rawValue: network) {
            return try trainObjectNetwork(objectNetwork, configuration: configuration, deadline: deadline)
        }

        let directory = try OmniglotDirectory.resolve(option: arguments.string("data"))
        let dataset = try OmniglotDataset(.background, in: directory)
        let holdout = Set(arguments.list("holdout-alphabets") ?? [])
        for alphabet in holdout where !dataset.alphabets.contains(alphabet) {
            throw ArgumentError.invalidValue(option: "holdout-alphabets", value: alphabet,
                                             expected: "a background alphabet" + (nearest(alphabet, in: dataset.alphabets).map { " (did you mean '\($0)'?)" } ?? ""),
                                             command: "train")
        }
        // Checked before the slow read: a resumed run holds out what it held out before.
        configuration = try recordingDataSplit(["holdout-alphabets": holdout.sorted().joined(separator: ","),
                                                "validation-drawers": validationDrawers.sorted().map(String.init).joined(separator: ",")],
                                               in: configuration)
        let started = Date()
        let data = try TypeTrainingData.load(dataset, including: { !holdout.contains($0.alphabet) }) { done, total in
            progressLine(String(format: "reading and fitting strokes %d/%d", done, total))
        }
        let (training, validation) = data.split(validationDrawers: validationDrawers)
        progressLine(String(format: "%d drawings (%d training, %d validation; drawers %@ held out) in %.0f s",
                            data.drawings.count, training.count, validation.count,
                            validationDrawers.sorted().map(String.init).joined(separator: ","), Date().timeIntervalSince(started)), done: true)
        let augmentation: AffineAugmentation? = arguments.flag("no-augment") ? nil : AffineAugmentation()
        let context = OutputContext(job: self, data: ["directory": directory.path, "set": "background",
                                                      "alphabets": dataset.alphabets.filter { !holdout.contains($0) },
                                                      "held_out_alphabets": holdout.sorted(),
                                                      "training_drawings": training.count, "validation_drawings": validation.count],
                                    augmentation: augmentation == nil ? "none" : "affine warps (p 0.5, scale 1±0.15, shift ±5 px)")
        let initial = TypePriorNetworks(seed: configuration.seed)
        switch TypePriorNetwork(rawValue: network)! {
        case .location:
            let task = TypePriorTask.location(training: training, validation: validation, augmentation: augmentation, seed: configuration.seed)
            return try train(task: task, network: initial.location, configuration: configuration, deadline: deadline, context: context)
        case .stroke:
            let task = TypePriorTask.stroke(training: training, validation: validation, augmentation: augmentation, seed: configuration.seed)
            return try train(task: task, network: initial.stroke, configuration: configuration, deadline: deadline, context: context)
        case .termination:
            let task = TypePriorTask.termination(training: training, validation: validation, augmentation: augmentation, seed: configuration.seed)
            return try train(task: task, network: initial.termination, configuration: configuration, deadline: deadline, context: context)
        }
    }

    /// Trains one of the object model's networks on the `--data` set, its last `--validation-objects` objects held out.
    private func trainObjectNetwork(_ kind: ObjectNetworkKind, configuration: TrainingConfiguration, deadline: Date) throws -> Int32 {
        let path = arguments.string("data") ?? ""
        let set = try PartVoxelSet(contentsOf: path)
        let examples = try ObjectExamples(set, path: path)
        let validationObjects = try arguments.int("validation-objects", atLeast: 1) ?? max(1, set.objects.count / 10)
        guard validationObjects < set.objects.count else {
            throw ArgumentError.invalidValue(option: "validation-objects", value: String(validationObjects),
                                             expected: "fewer than the set's \(set.objects.count) objects", command: "train")
        }
        let configuration = try recordingDataSplit(["validation-objects": String(validationObjects)], in: configuration)
        standardError("\(set.objects.count) objects (\(set.objects.count - validationObjects) training, \(validationObjects) validation), categories \(examples.categories.joined(separator: ", "))")
        let context = OutputContext(job: self, data: ["file": path, "objects": set.objects.count, "validation_objects": validationObjects,
                                                      "categories": examples.categories],
                                    augmentation: "none", metadata: ["categories": examples.categories.joined(separator: ",")])
        var generator = SeededGenerator(seed: configuration.seed)
        switch kind {
        case .category:
            return try train(task: ObjectNetworkTask.category(examples, validationObjects: validationObjects),
                             network: PartCategoryNetwork(categories: examples.categories, generator: &generator),
                             configuration: configuration, deadline: deadline, context: context)
        case .termination:
            return try train(task: ObjectNetworkTask.termination(examples, validationObjects: validationObjects),
                             network: ObjectTerminationNetwork(generator: &generator),
                             configuration: configuration, deadline: deadline, context: context)
        case .instance:
            return try train(task: ObjectNetworkTask.instance(examples, validationObjects: validationObjects),
                             network: PartInstanceNetwork(categories: examples.categories, generator: &generator),
                             configuration: configuration, deadline: deadline, context: context)
        }
    }

    /// Checks, before minutes of reading data, that every output can be written (creating the default output
    /// folder, never one the user named), and removes temporaries a killed run left beside them.
    private func prepareOutputs() throws {
        if !arguments.isGiven("out") {
            try FileManager.default.createDirectory(atPath: (outputPath as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
        }
        for output in outputs { try Commands.checkOutput(output, command: "train") }
    }

    /// The checkpoint's settings with the epoch budget of `--epochs` when given; the other settings it fixes may
    /// not be changed on resume (the run would no longer repeat what an uninterrupted one does).
    private func resumedConfiguration(epochs: Int) throws -> TrainingConfiguration {
        var saved = try TrainingConfiguration(checkpoint: checkpointPath)
        let fixed: [(option: String, given: String, saved: String)] = [
            ("batch-size", arguments.string("batch-size") ?? "", String(saved.batchSize)),
            ("learning-rate", arguments.string("learning-rate") ?? "", String(saved.learningRate)),
            ("patience", arguments.string("patience") ?? "", String(saved.patience)),
            ("seed", arguments.string("seed") ?? "", String(saved.seed)),
        ]
        let changed = fixed.filter { arguments.isGiven($0.option) && Double($0.given) != Double($0.saved) }
        guard changed.isEmpty else {
            let list = changed.map { "--\($0.option) \($0.given) (the checkpoint's is \($0.saved))" }.joined(separator: ", ")
            throw TrainCommandError("\(checkpointPath): cannot resume with \(list): a resumed run keeps its checkpoint's batch size, learning rate, patience and seed; only --epochs may change. Leave them out, or start a new run without --resume")
        }
        if arguments.isGiven("epochs") { saved.epochs = epochs }
        return saved
    }

    /// `configuration` with the data this run holds out (`split`: option name to value) recorded. A resumed
    /// run's checkpoint fixes it: another split would validate on data the run has already trained on.
    private func recordingDataSplit(_ split: [String: String], in configuration: TrainingConfiguration) throws -> TrainingConfiguration {
        if let saved = configuration.dataSplit, saved != split {
            let list = split.keys.sorted().filter { saved[$0] != split[$0] }
                .map { "--\($0) '\(split[$0] ?? "")' (the checkpoint's is '\(saved[$0] ?? "")')" }.joined(separator: ", ")
            throw TrainCommandError("\(checkpointPath): cannot resume with \(list): a resumed run holds out the data it held out before; give the checkpoint's values, or start a new run without --resume")
        }
        var recorded = configuration
        recorded.dataSplit = split
        return recorded
    }

    private func train<Task: TrainingTask>(task: Task, network: Task.Network, configuration: TrainingConfiguration,
                                           deadline: Date, context: OutputContext) throws -> Int32 {
        var run = try TrainingRun(task: task, network: network, configuration: configuration,
                                  checkpointPath: checkpointPath, resume: arguments.flag("resume"))
        if !run.history.isEmpty {
            standardError("resuming after epoch \(run.history.count) of \(run.configuration.epochs) from \(checkpointPath)")
        }
        try run.run(pauseWhen: { Date() >= deadline }) { p in
            let validation = p.validationLoss.map { String(format: "  validation %.4f", $0) } ?? ""
            progressLine(String(format: "%@ epoch %d/%d  batch %d/%d  loss %.4f%@  %.0f examples/s  ~%@ left",
                                self.network, p.epoch, p.epochs, p.batch, p.batches, p.trainingLoss, validation,
                                p.examplesPerSecond, duration(p.secondsLeft)))
        }
        try context.write(run: run)
        if run.isFinished {
            standardError("finished after \(run.history.count) epochs; best weights in \(outputPath)")
        } else {
            standardError("paused after epoch \(run.history.count) (time limit); continue with --resume")
        }
        return 0
    }
}

/// Writes what a run produced: the best weights, a manifest and the loss history.
private struct OutputContext {
    let job: TrainJob
    /// What the network was trained on, for the manifest.
    let data: [String: Any]
    /// How examples were augmented, for the manifest.
    let augmentation: String
    /// Stored in the weights file beside the network's name (an object network's categories).
    var metadata: [String: String] = [:]

    func write<Task: TrainingTask>(run: TrainingRun<Task>) throws {
        guard let bestEpoch = run.history.min(by: { $0.validationLoss < $1.validationLoss }) else { return }
        try SafeTensors(tensors: run.best.stateDictionary, metadata: metadata.merging(["network": job.network]) { $1 }).write(to: job.outputPath)
        var csv = "epoch,training_loss,validation_loss,examples_per_second\n"
        for record in run.history {
            csv += "\(record.epoch),\(record.trainingLoss),\(record.validationLoss),\(record.examplesPerSecond)\n"
        }
        try OutputFile.write(csv, to: job.base + ".history.csv")
        let chart = LineChart(title: "\(job.network) network", xLabel: "epoch", yLabel: "loss (nats)", series: [
            .init(label: "training", color: [31, 119, 180], points: run.history.map { SIMD2(Double($0.epoch), $0.trainingLoss) }),
            .init(label: "validation", color: [214, 39, 40], points: run.history.map { SIMD2(Double($0.epoch), $0.validationLoss) }),
        ])
        try PNG.write(chart.raster(), to: job.base + ".history.png")
        let manifest: [String: Any] = [
            "network": job.network,
            "date": ISO8601DateFormatter().string(from: Date()),
            "data": data,
            "epochs_completed": run.history.count,
            "finished": run.isFinished,
            "best_epoch": bestEpoch.epoch,
            "best_validation_loss": bestEpoch.validationLoss,
            "augmentation": augmentation,
            "configuration": ["batch_size": run.configuration.batchSize, "learning_rate": run.configuration.learningRate,
                              "weight_decay": run.configuration.weightDecay, "patience": run.configuration.patience,
                              "seed": run.configuration.seed],
            "command": CommandLine.arguments.joined(separator: " "),
        ]
        let json = try JSONSerialization.data(withJSONObject: manifest, options: [.prettyPrinted, .sortedKeys])
        try OutputFile.write(json, to: job.base + ".manifest.json")
    }
}

/// A reason `gns train` refuses its arguments against what is on disk (status 2).
private struct TrainCommandError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// `1h05m`, `4m12s` or `9s`.
func duration(_ seconds: Double) -> String {
    guard seconds.isFinite else { return "?" }
    let s = Int(seconds)
    return s >= 3600 ? String(format: "%dh%02dm", s / 3600, s % 3600 / 60) : s >= 60 ? String(format: "%dm%02ds", s / 60, s % 60) : "\(s)s"
}
