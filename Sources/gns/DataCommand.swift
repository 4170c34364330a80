import Arguments
import Foundation
import OmniglotData

extension Commands {
    /// `gns data stats`: what Omniglot data is present and how much of it.
    static let data = Subcommand(
        CommandSpec(
            name: "data",
            summary: "Inspect the Omniglot data: 'gns data stats' counts alphabets, characters, drawings and strokes per set.",
            positionals: [PositionalSpec("action", help: "What to do: stats.")],
            options: [dataOption()]
        )
    ) { arguments in
        guard arguments.positional("action") == "stats" else {
            standardError("gns data: unknown action '\(arguments.positional("action") ?? "")' (expected: stats)")
            return 2
        }
        do {
            try DataStatistics(directory: try OmniglotDirectory.resolve(option: arguments.string("data"))).report()
            return 0
        } catch let error as OmniglotError {
            standardError("gns data stats: \(error)")
            return 1
        }
    }
}

/// The counts `gns data stats` prints, gathered set by set.
private struct DataStatistics {
    let directory: OmniglotDirectory

    func report() throws(OmniglotError) {
        print("Omniglot data directory: \(directory.path)")
        let inventory = directory.inventory()
        let found = inventory.compactMap { item in item.form.map { "\(item.name) (\($0))" } }
        let missing = inventory.filter { $0.form == nil }.map(\.name)
        print("  found:   " + (found.isEmpty ? "nothing" : found.joined(separator: ", ")))
        print("  missing: " + (missing.isEmpty ? "nothing" : missing.joined(separator: ", ")))
        var anySet = false
        for set in OmniglotSet.allCases {
            let dataset: OmniglotDataset
            do {
                dataset = try OmniglotDataset(set, in: directory)
            } catch .missingSet {
                print("\(set.rawValue) set: not present")
                continue
            }
            anySet = true
            try describe(dataset)
        }
        if let runs = try? OneShotRuns(in: directory) {
            let pairs = runs.runs.reduce(0) { $0 + $1.pairs.count }
            print("one-shot runs: \(runs.runs.count) runs, \(pairs) test images paired with training images")
        } else {
            print("one-shot runs: not present")
        }
        if !anySet { throw .missingSet(set: "background or evaluation", directory: directory.path, expected: ["images_background", "images_background_small1", "images_evaluation"]) }
    }

    private func describe(_ dataset: OmniglotDataset) throws(OmniglotError) {
        let sources = dataset.imageContainers.map { ($0.path as NSString).lastPathComponent }
        print("\(dataset.set.rawValue) set (from \(sources.joined(separator: " + "))):")
        print("  alphabets \(dataset.alphabets.count), characters \(dataset.characterCount), drawings \(dataset.drawings.count)")
        guard dataset.drawings.contains(where: { $0.strokePath != nil }) else {
            print("  strokes: no stroke files found")
            return
        }
        let preprocessing = StrokePreprocessing()
        var controlPoints: [Int: Int] = [:]
        let start = Date()
        let census = try StrokeCensus(dataset, preprocessing: preprocessing, progress: { done, total in
            progressLine("  reading and fitting stroke files \(done)/\(total)")
        }) { drawing, strokes throws(OmniglotError) in
            for spline in try preprocessing.splines(strokes, label: drawing.key) { controlPoints[spline.count, default: 0] += 1 }
        }
        progressLine(String(format: "  read and fitted %d stroke files in %.1f s", census.drawings, Date().timeIntervalSince(start)), done: true)
        print("  strokes \(census.strokes) (\(census.keptStrokes) kept after dropping those shorter than \(Int(preprocessing.minimumLength)))")
        print("  strokes per drawing: " + StrokeCensus.histogram(census.strokesPerDrawing))
        print("  kept strokes per drawing: " + StrokeCensus.histogram(census.keptPerDrawing))
        print("  spline control points per kept stroke (minimal fit, Render's SplineFit.minimal):")
        let largest = controlPoints.values.max() ?? 1
        for count in (controlPoints.keys.min() ?? 0)...(controlPoints.keys.max() ?? 0) {
            let strokes = controlPoints[count] ?? 0
            let bar = String(repeating: "#", count: (strokes * 50 + largest - 1) / largest)
            print(String(format: "    %3d  %6d  ", count, strokes) + bar)
        }
    }
}
