import Arguments
import Files
import Foundation
import Images
import Language
import ObjectModel
import ObjectTasks

/// `gns sample --model objects`: new 3D objects drawn from `Programs/objects/object.gns` into a PNG grid
/// (isometric, parts coloured by category), optionally exported as MagicaVoxel `.vox` files.
enum ObjectSampleCommand {
    /// The character model's options, which mean nothing for objects.
    static let characterOptions = ["temperature", "view", "strokes", "untrained", "compare", "data"]

    static func run(_ arguments: ParsedArguments) throws -> Int32 {
        let command = "sample"
        if let misplaced = characterOptions.first(where: arguments.isGiven) {
            throw ArgumentError.invalidValue(option: "--\(misplaced)", value: arguments.string(misplaced) ?? "",
                                             expected: "no --\(misplaced) with --model objects (it applies to characters)", command: command)
        }
        let count = try arguments.int("count") ?? 36
        let seed = try arguments.int("seed") ?? 0
        let out = arguments.string("out") ?? "objects.png"
        guard (1...10_000).contains(count) else {
            throw ArgumentError.invalidValue(option: "--count", value: String(count), expected: "an integer from 1 to 10000", command: command)
        }
        guard seed >= 0 else {
            throw ArgumentError.invalidValue(option: "--seed", value: String(seed), expected: "a non-negative integer", command: command)
        }
        try Commands.checkOutput(out, command: command)
        let export = arguments.string("export")
        if let export, FileManager.default.fileExists(atPath: export) {
            throw ArgumentError.invalidValue(option: "--export", value: export, expected: "a folder that does not exist yet", command: command)
        }
        do {
            let networks = try ObjectNetworkSet.load(from: arguments.string("weights"))
            let programs = try ObjectPrograms.directory(explicit: arguments.string("programs"))
            let sampler = try ObjectSampler(programs: programs, builtins: .withObjectModel(networks: networks))
            standardError("gns sample: \(count) objects, seed \(seed), programs in \(programs)")
            let started = Date()
            let objects = try sampler.samples(count: count, seed: UInt64(seed)) { done in
                progressLine("  \(done)/\(count) objects", done: done == count)
            }
            let parts = objects.map(\.categories.count)
            standardError(String(format: "  done in %.1f s; parts per object: mean %.2f, min %d, max %d", Date().timeIntervalSince(started),
                                 Double(parts.reduce(0, +)) / Double(count), parts.min() ?? 0, parts.max() ?? 0))
            let sheet = ObjectSheet(categories: networks.categories)
            try PNG.write(sheet.raster(objects), to: out)
            standardError("wrote \(out) (colours: \(sheet.categories.joined(separator: ", ")))")
            if let export { try ObjectsCommand.exportVox(objects, sheet: sheet, to: export) }
            return 0
        } catch let error as ProgramError {
            standardError("gns sample: the object model's program failed:\n\(error)")
            return 1
        } catch {
            standardError("gns sample: \(error)")
            return 1
        }
    }
}
