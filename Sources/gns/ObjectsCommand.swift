import Arguments
import Files
import Foundation
import Images
import Kernels
import Language
import ObjectModel
import ObjectTasks
import ObjectTraining

/// `gns objects`: the 3D object domain's data. `data` makes a procedural part-labelled training set by
/// running `Programs/objects/furniture.gns`; `show` draws a set's objects and exports them as MagicaVoxel files;
/// `quality` measures the model's samples against the procedural training distribution.
enum ObjectsCommand {
    static let objects = Subcommand(
        CommandSpec(
            name: "objects",
            summary: "3D objects: 'data' writes procedural part-labelled voxel objects; 'show FILE' draws a set; 'quality' compares samples with training objects; 'infer' explains held-out objects' voxels by their parts.",
            positionals: [PositionalSpec("action", help: "data, show, quality or infer."), PositionalSpec("FILE", help: "With show: the .gnsvox set to draw.", optional: true)],
            options: [
                .value("count", "N", help: "data: how many objects to make; show: how many to draw (the first N); quality: how many samples and as many training objects; infer: how many held-out objects.", default: "36"),
                .value("seed", "N", help: "data, quality, infer: random seed (object i always uses stream i; the bundled weights were trained on seed 1's objects).", default: "0"),
                .value("out", "FILE", help: "data: the .gnsvox set to write; show: the PNG to write; quality, infer: the Markdown report to write.", default: nil),
                .value("weights", "DIR", help: "quality, infer: the object networks' weights folder (default: the bundled weights)."),
                .value("particles", "N", help: "infer: importance-sampling particles per object.", default: "40"),
                .value("sweeps", "N", help: "infer: Metropolis-Hastings sweeps over the parts after importance sampling.", default: "3"),
                .value("picture", "FILE", help: "data: also draw the first --count objects (up to 36) into this PNG; infer: the first 18 objects, each beside its explanation.", default: nil),
                .value("vox", "DIR", help: "show: also write each drawn object as DIR/object-i.vox (MagicaVoxel).", default: nil),
                .value("programs", "DIR", help: "Programs root (its objects/ folder holds furniture.gns); default $GNS_PROGRAMS, else the checkout's Programs/."),
            ]
        )
    ) { arguments in
        let command = "objects"
        let count = try arguments.int("count") ?? 36
        let seed = try arguments.int("seed") ?? 0
        guard (1...1_000_000).contains(count) else {
            throw ArgumentError.invalidValue(option: "--count", value: String(count), expected: "an integer in 1...1000000", command: command)
        }
        guard seed >= 0 else { throw ArgumentError.invalidValue(option: "--seed", value: String(seed), expected: "a non-negative integer", command: command) }
        guard let out = arguments.string("out") else { throw ArgumentError.missingValue(option: "--out", valueName: "FILE", command: command) }
        try Commands.checkOutput(out, command: command)
        // What quality and infer share: the object programs, the builtins with the chosen networks, and how the
        // report names the weights.
        func objectModel() throws -> (programs: String, builtins: BuiltinRegistry) {
            (try ObjectPrograms.directory(explicit: arguments.string("programs")),
             .withObjectModel(networks: try ObjectNetworkSet.load(from: arguments.string("weights"))))
        }
        let weightsOption = arguments.string("weights").map { " --weights \($0)" } ?? ""
        do {
            switch arguments.positional("action") {
            case "data":
                let generator = try ProceduralObjects(programs: try ObjectPrograms.directory(explicit: arguments.string("programs")))
                let start = Date()
                let set = try generator.objects(count: count, seed: UInt64(seed)) { done in
                    if done % 100 == 0 || done == count { progressLine("  objects \(done)/\(count)", done: done == count) }
                }
                try OutputFile.write(Data(set.encoded()), to: out)
                standardError(String(format: "wrote %d objects to %@ in %.1f s", count, out, Date().timeIntervalSince(start)))
                printSummary(set)
                if let picture = arguments.string("picture") {
                    try draw(Array(set.objects.prefix(36)), to: picture)
                }
            case "show":
                guard let path = arguments.positional("FILE") else { throw ArgumentError.missingPositional("FILE", command: command) }
                let set = try PartVoxelSet(contentsOf: path)
                let shown = Array(set.objects.prefix(count))
                try draw(shown, to: out)
                if let folder = arguments.string("vox") {
                    try exportVox(shown.map(\.voxels), sheet: ObjectSheet(categories: categories(of: set)), to: folder)
                }
                printSummary(set)
            case "quality":
                let (programs, builtins) = try objectModel()
                let sampler = try ObjectSampler(programs: programs, builtins: builtins)
                let start = Date()
                let samples = try sampler.samples(count: count, seed: UInt64(seed)) { done in
                    progressLine("  samples \(done)/\(count)", done: done == count)
                }
                let sampling = Date().timeIntervalSince(start)
                let training = try ProceduralObjects(programs: programs).objects(count: count, seed: UInt64(seed)) { done in
                    if done % 100 == 0 || done == count { progressLine("  training objects \(done)/\(count)", done: done == count) }
                }
                let table = ObjectStatistics.table([("samples", ObjectStatistics(samples)),
                                                    ("training objects (furniture.gns)", ObjectStatistics(training.objects.map(\.voxels)))])
                let text = "# Object samples against the training distribution\n\n"
                    + "`gns objects quality --count \(count) --seed \(seed)\(weightsOption)`"
                    + String(format: " (sampling: %.1f s for %d objects, %.0f ms each on both cores)\n\n", sampling, count, 1000 * sampling / Double(count))
                    + table + "\n"
                try OutputFile.write(Data(text.utf8), to: out)
                print(table)
                standardError("wrote \(out)")
            case "infer":
                let particles = try arguments.int("particles") ?? 40
                guard (1...100_000).contains(particles) else {
                    throw ArgumentError.invalidValue(option: "--particles", value: String(particles), expected: "an integer in 1...100000", command: command)
                }
                let sweeps = try arguments.int("sweeps") ?? 3
                guard (0...1000).contains(sweeps) else {
                    throw ArgumentError.invalidValue(option: "--sweeps", value: String(sweeps), expected: "an integer in 0...1000", command: command)
                }
                let picture = arguments.string("picture")
                if let picture { try Commands.checkOutput(picture, option: "picture", command: command) }
                let (programs, builtins) = try objectModel()
                let inference = try PartInference(programs: programs, builtins: builtins)
                let objects = try ProceduralObjects(programs: programs).objects(count: count, seed: UInt64(seed)).objects
                let start = Date()
                // Objects two at a time: the sweeps are one chain each, so this is what keeps both cores busy.
                let explanations = try Parallel.map(0..<count, progress: { progressLine("  objects \($0)/\(count)", done: $0 == count) }) {
                    try inference.explain(objects[$0].voxels, particles: particles, sweeps: sweeps, seed: UInt64($0))
                }
                let seconds = Date().timeIntervalSince(start)
                let matches = zip(objects, explanations).map { PartMatch(truth: $0.voxels, explanation: $1.parts) }
                let exact = matches.filter { $0.trueParts == $0.explainedParts }.count
                let trueParts = matches.reduce(0) { $0 + $1.trueParts }, same = matches.reduce(0) { $0 + $1.sameCategory }
                let lines = [
                    "# Part inference on held-out procedural objects", "",
                    "`gns objects infer --count \(count) --seed \(seed) --particles \(particles) --sweeps \(sweeps)\(weightsOption)`"
                        + String(format: " (%.1f s in all, %.2f s per object on both cores)", seconds, seconds / Double(count)), "",
                    "Importance sampling over `observed_object` (Programs/objects/object.gns), then \(sweeps) Metropolis-Hastings sweeps over the parts "
                        + "from the best-weighted particle (`PartInference`); the chain's last state is the explanation.", "",
                    "| measure | value |", "|---|---:|",
                    String(format: "| part count exactly right | %d of %d (%.1f %%) |", exact, count, 100 * Double(exact) / Double(count)),
                    String(format: "| true parts matched (by voxel overlap) to a part of the same category | %d of %d (%.1f %%) |", same, trueParts, 100 * Double(same) / Double(max(trueParts, 1))),
                    String(format: "| mean parts: truth / explanation | %.2f / %.2f |", Double(trueParts) / Double(count),
                           Double(matches.reduce(0) { $0 + $1.explainedParts }) / Double(count)),
                    String(format: "| mean log p(parts, voxels): best particle / after the sweeps | %.1f / %.1f |",
                           Commands.mean(explanations.map(\.importanceScore)), Commands.mean(explanations.map(\.score))),
                    String(format: "| mean effective sample size of %d particles | %.2f |", particles, Commands.mean(explanations.map(\.effectiveSampleSize))),
                ]
                if let picture {
                    let shown = (0..<min(count, 18)).flatMap { [objects[$0].voxels, explanations[$0].parts] }
                    let sheet = ObjectSheet(categories: categories(of: PartVoxelSet(objects: objects)))
                    // Three pairs to a row, so each object stays beside its explanation.
                    try PNG.write(sheet.raster(shown, columns: min(shown.count, 6)), to: picture)
                    standardError("wrote \(picture) (each object, then its explanation)")
                }
                try OutputFile.write(Data((lines.joined(separator: "\n") + "\n").utf8), to: out)
                print(lines.dropFirst(7).joined(separator: "\n"))
                standardError("wrote \(out)")
            default:
                standardError("gns objects: unknown action '\(arguments.positional("action") ?? "")' (expected: data, show, quality or infer)")
                return 2
            }
            return 0
        } catch let error as ArgumentError {
            throw error
        } catch {
            standardError("gns objects: \(error)")
            return 1
        }
    }

    /// Every category of a set, sorted: the palette order of its pictures, the same as the networks' (they sort the
    /// training set's categories), so a part has one colour in pictures of data, samples and explanations.
    static func categories(of set: PartVoxelSet) -> [String] {
        Set(set.objects.flatMap(\.voxels.categories)).sorted()
    }

    /// Writes `objects` as `folder/object-i.vox` (MagicaVoxel), coloured as `sheet` draws them; `folder` is created.
    static func exportVox(_ objects: [PartVoxels], sheet: ObjectSheet, to folder: String) throws {
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: false)
        for (i, object) in objects.enumerated() {
            let bytes = MagicaVoxel.encode(object, colour: sheet.colour(of:))
            try OutputFile.write(Data(bytes), to: (folder as NSString).appendingPathComponent("object-\(i).vox"))
        }
        standardError("wrote \(objects.count) .vox files to \(folder)")
    }

    static func draw(_ objects: [PartVoxelSet.Object], to path: String) throws {
        let sheet = ObjectSheet(categories: categories(of: PartVoxelSet(objects: objects)))
        try PNG.write(sheet.raster(objects.map(\.voxels)), to: path)
        standardError("wrote \(path) (\(objects.count) objects; colours: \(sheet.categories.joined(separator: ", ")))")
    }

    /// Kinds and part categories of a set, counted.
    static func printSummary(_ set: PartVoxelSet) {
        var kinds: [String: Int] = [:], parts: [String: Int] = [:], partCounts: [Int: Int] = [:]
        for object in set.objects {
            kinds[object.kind, default: 0] += 1
            partCounts[object.voxels.categories.count, default: 0] += 1
            for name in object.voxels.categories { parts[name, default: 0] += 1 }
        }
        func line(_ counts: [String: Int]) -> String { counts.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", ") }
        print("objects: \(set.objects.count); kinds: \(line(kinds))")
        print("parts by category: \(line(parts))")
        print("parts per object: " + partCounts.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", "))
    }
}
