import Arguments
import CharacterModel
import CharacterTasks
import Foundation
import Images
import Language
import OmniglotData
import Random

/// `gns sample`: new character concepts drawn from the GNS model (`Programs/characters/character.gns`) into a PNG grid,
/// or with `--model objects` new 3D objects from `Programs/objects/object.gns` (see `ObjectSampleCommand`).
enum SampleCommand {
    /// The domains `--model` picks from.
    static let models = ["characters", "objects"]

    static let sample = Subcommand(
        CommandSpec(
            name: "sample",
            summary: "Sample new characters (Programs/characters/character.gns) or, with --model objects, 3D objects (Programs/objects/object.gns) into a PNG grid.",
            options: [
                .value("model", "DOMAIN", help: "characters or objects.", default: "characters"),
                .value("count", "N", help: "Number of characters.", default: "36"),
                .value("temperature", "T", help: "Sampling temperature of the type prior (1 is the model; the paper shows 0.5).", default: "0.5"),
                .value("seed", "N", help: "Random seed (character i always uses stream i of it).", default: "0"),
                .value("view", "WHAT", help: "What each cell shows: type (the type's strokes), token (its noisy, warped drawing) or image (the token's blurred, noisy pixel probabilities).", default: "token"),
                .flag("strokes", help: "Colour strokes by drawing order (blue, red, green, orange, ...)."),
                .value("weights", "DIR", help: "Network weights folder of the chosen model (default: the bundled weights)."),
                .value("untrained", "SEED", help: "Use randomly initialised networks from this seed instead of weights (scribbles; for testing)."),
                .value("programs", "DIR", help: "Programs root (its characters/ folder holds character.gns and the files it imports, its objects/ folder object.gns); default $GNS_PROGRAMS, else the checkout's Programs/."),
                .value("export", "DIR", help: "Objects: also write each sample as DIR/object-i.vox (MagicaVoxel); the folder must not exist."),
                .flag("compare", help: "Put real Omniglot background characters (as many, picked by the seed) beside the samples in the PNG, and print their stroke-count histograms side by side."),
                Commands.dataOption(context: "With --compare: "),
                .value("out", "FILE", help: "Output PNG (default: concepts.png, objects.png with --model objects)."),
            ]
        )
    ) { arguments in
        let model = arguments.string("model") ?? "characters"
        guard models.contains(model) else {
            throw ArgumentError.invalidValue(option: "--model", value: model, expected: models.joined(separator: " or "), command: "sample")
        }
        if model == "objects" { return try ObjectSampleCommand.run(arguments) }
        if let export = arguments.string("export") {
            throw ArgumentError.invalidValue(option: "--export", value: export, expected: "--model objects alongside it", command: "sample")
        }
        let count = try arguments.int("count") ?? 36
        let temperature = try arguments.double("temperature") ?? 0.5
        let seed = try arguments.int("seed") ?? 0
        let out = arguments.string("out") ?? "concepts.png"
        guard (1...10_000).contains(count) else {
            throw ArgumentError.invalidValue(option: "--count", value: String(count), expected: "an integer from 1 to 10000", command: "sample")
        }
        guard temperature > 0, temperature <= 100 else {
            throw ArgumentError.invalidValue(option: "--temperature", value: arguments.string("temperature") ?? "",
                                             expected: "a number in (0, 100] (1 is the model; the paper shows 0.5)", command: "sample")
        }
        guard seed >= 0 else {
            throw ArgumentError.invalidValue(option: "--seed", value: String(seed), expected: "a non-negative integer", command: "sample")
        }
        let viewName = arguments.string("view") ?? "token"
        guard let view = CharacterSheet.View(rawValue: viewName) else {
            throw ArgumentError.invalidValue(option: "--view", value: viewName,
                                             expected: CharacterSheet.View.allCases.map(\.rawValue).joined(separator: ", "), command: "sample")
        }
        let compare = arguments.flag("compare")
        if let data = arguments.string("data"), !compare {
            throw ArgumentError.invalidValue(option: "--data", value: data, expected: "--compare alongside it", command: "sample")
        }
        try Commands.checkOutput(out, command: "sample")
        do {
            // The data is read first, so a missing directory fails before minutes of sampling.
            let real = try compare ? RealCharacters(count: count, seed: UInt64(seed), data: arguments.string("data")) : nil
            let programs = try CharacterPrograms.directory(explicit: arguments.string("programs"))
            let builtins = BuiltinRegistry.withCharacterModel(networks: try networks(arguments))
            let sampler = try CharacterSampler(programs: programs, builtins: builtins)
            standardError("gns sample: \(count) characters at temperature \(temperature), seed \(seed), programs in \(programs)")
            let started = Date()
            let samples = try sampler.samples(count: count, temperature: temperature, seed: UInt64(seed)) { done in
                standardError("  \(done)/\(count) characters")
            }
            let strokes = samples.map(\.strokes.count)
            standardError(String(format: "  done in %.1f s; strokes per character: mean %.2f, min %d, max %d", Date().timeIntervalSince(started),
                                 Double(strokes.reduce(0, +)) / Double(count), strokes.min() ?? 0, strokes.max() ?? 0))
            let histogram = Dictionary(grouping: strokes, by: { $0 }).mapValues(\.count)
            let sheet = CharacterSheet(view: view, coloursStrokes: arguments.flag("strokes")).raster(samples)
            if let real {
                print(real.strokeComparison(samples: histogram))
                try PNG.write(CharacterSheet.sideBySide([
                    (title: "Omniglot background (\(real.images.count))", raster: CharacterSheet.raster(images: real.images)),
                    (title: String(format: "GNS samples, T=%g (%d)", temperature, count), raster: sheet),
                ]), to: out)
            } else {
                standardError("  strokes per character (compare 'kept strokes per drawing' in gns data stats, or use --compare): "
                              + StrokeCensus.histogram(histogram))
                try PNG.write(sheet, to: out)
            }
            standardError("wrote \(out)")
            return 0
        } catch let error as ProgramError {
            standardError("gns sample: the model's programs failed:\n\(error)")
            return 1
        } catch let error as ArgumentError {
            // A usage error found late (--untrained, --weights): status 2, printed by the tool.
            throw error
        } catch {
            standardError("gns sample: \(error)")
            return 1
        }
    }

    /// The type prior's networks: untrained from a seed, loaded from `--weights`, or the bundled ones.
    static func networks(_ arguments: ParsedArguments) throws -> TypePriorNetworks {
        if let text = arguments.string("untrained") {
            guard arguments.string("weights") == nil else {
                throw ArgumentError.invalidValue(option: "--untrained", value: text, expected: "no --weights alongside it", command: "sample")
            }
            guard let seed = UInt64(text) else {
                throw ArgumentError.invalidValue(option: "--untrained", value: text, expected: "a non-negative integer", command: "sample")
            }
            return TypePriorNetworks(seed: seed)
        }
        if let directory = arguments.string("weights") { return try TypePriorNetworks(directory: directory) }
        let bundled = BundledWeights.directory + "/" + TypePriorNetworks.fileNames.location
        guard FileManager.default.fileExists(atPath: bundled) else {
            throw SampleError("this build has no bundled network weights (\(BundledWeights.directory)); train them with 'gns train' and pass --weights DIR, or use --untrained SEED for untrained networks")
        }
        return try TypePriorNetworks.bundled()
    }
}

/// The real characters `gns sample --compare` shows beside the samples, and the background drawings' stroke counts.
private struct RealCharacters {
    /// Official Omniglot images of distinct background characters, one drawing each.
    let images: [Raster]
    /// Stroke counts over every background drawing (as `gns data stats` reports them).
    let census: StrokeCensus

    /// `count` distinct characters (at most all of them) of the background set in the Omniglot directory chosen by
    /// `data` (as `gns data stats` chooses it), each by a random drawer: the same seed picks the same drawings.
    init(count: Int, seed: UInt64, data: String?) throws(OmniglotError) {
        let dataset = try OmniglotDataset(.background, in: try OmniglotDirectory.resolve(option: data))
        var generator = SeededGenerator(seed: seed, stream: 0xC0_3A2E)
        let characters = Dictionary(grouping: dataset.drawings) { "\($0.alphabet)/\($0.character)" }
            .sorted { $0.key < $1.key }.map { $0.value.sorted { $0.drawer < $1.drawer } }
        var images: [Raster] = []
        for drawings in characters.shuffled(using: &generator).prefix(count) {
            guard let drawing = drawings.randomElement(using: &generator) else { continue }
            images.append(try dataset.image(of: drawing))
        }
        self.images = images
        standardError("gns sample --compare: \(images.count) background characters from \(dataset.imageContainers.map(\.path).joined(separator: " + "))")
        census = try StrokeCensus(dataset, preprocessing: StrokePreprocessing(), progress: { done, total in
            progressLine("  reading background stroke files \(done)/\(total)", done: done == total)
        })
    }

    /// The samples' strokes per character next to the background drawings' kept strokes, one row per count.
    func strokeComparison(samples: [Int: Int]) -> String {
        let sampleTotal = samples.values.reduce(0, +), realTotal = census.drawings
        var lines = ["strokes per character: \(sampleTotal) samples vs \(realTotal) background drawings (kept strokes, as in gns data stats)",
                     "  strokes       samples    background"]
        for strokes in Set(samples.keys).union(census.keptPerDrawing.keys).sorted() {
            let mine = samples[strokes] ?? 0, theirs = census.keptPerDrawing[strokes] ?? 0
            lines.append(String(format: "  %7d  %5d %5.1f%%  %6d %5.1f%%", strokes, mine, 100 * Double(mine) / Double(max(sampleTotal, 1)),
                                theirs, 100 * Double(theirs) / Double(max(realTotal, 1))))
        }
        return lines.joined(separator: "\n")
    }
}

/// A failure `gns sample` explains in one sentence.
private struct SampleError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
