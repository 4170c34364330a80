import Arguments
import Files
import Foundation
import Images
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
            summary: "3D objects: 'gns objects data' writes procedural part-labelled voxel objects; 'gns objects show FILE' draws a set; 'gns objects quality' compares samples with training objects.",
            positionals: [PositionalSpec("action", help: "data, show or quality."), PositionalSpec("FILE", help: "With show: the .gnsvox set to draw.", optional: true)],
            options: [
                .value("count", "N", help: "data: how many objects to make; show: how many to draw (the first N); quality: how many samples and as many training objects.", default: "36"),
                .value("seed", "N", help: "data, quality: random seed (object i always uses stream i).", default: "0"),
                .value("out", "FILE", help: "data: the .gnsvox set to write; show: the PNG to write; quality: the Markdown table to write.", default: nil),
                .value("weights", "DIR", help: "quality: the object networks' weights folder (default: the bundled weights)."),
                .value("picture", "FILE", help: "data: also draw the first --count objects (up to 36) into this PNG.", default: nil),
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
                let programs = try ObjectPrograms.directory(explicit: arguments.string("programs"))
                let networks = try arguments.string("weights").map { try ObjectNetworkSet(directory: $0) } ?? ObjectNetworkSet.bundled()
                let sampler = try ObjectSampler(programs: programs, builtins: .withObjectModel(networks: networks))
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
                    + "`gns objects quality --count \(count) --seed \(seed)`" + (arguments.string("weights").map { " --weights \($0)" } ?? "")
                    + String(format: " (sampling: %.1f s for %d objects, %.0f ms each on both cores)\n\n", sampling, count, 1000 * sampling / Double(count))
                    + table + "\n"
                try OutputFile.write(Data(text.utf8), to: out)
                print(table)
                standardError("wrote \(out)")
            default:
                standardError("gns objects: unknown action '\(arguments.positional("action") ?? "")' (expected: data, show or quality)")
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

    /// Every category of a set, in order of first appearance: the palette order of its pictures.
    static func categories(of set: PartVoxelSet) -> [String] {
        var names: [String] = []
        for object in set.objects { for name in object.voxels.categories where !names.contains(name) { names.append(name) } }
        return names
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
