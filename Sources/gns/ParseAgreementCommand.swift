import Arguments
import CharacterModel
import CharacterTasks
import Foundation
import OmniglotData
import Render
import Spelling

/// `gns parse-agreement`: parses drawings whose strokes the data hold and compares the top parse, and the first
/// bottom-up proposal (no type prior), with the person's strokes.
extension Commands {
    static let parseAgreementHeader = "drawing\tparse strokes\thuman strokes\tparse distance px\tparse same order\tparse same direction"
        + "\tproposal strokes\tproposal distance px\tproposal same order\tproposal same direction\tseconds"

    static let parseAgreement = Subcommand(
        CommandSpec(
            name: "parse-agreement",
            summary: "Parse drawings of chosen alphabets and drawers and compare the top parse's strokes (and the first bottom-up proposal's) with the drawer's own.",
            options: imageTaskOptions.filter { !["alphabet", "character", "drawer", "run", "test", "train", "set", "human-strokes"].contains($0.name) } + [
                .value("alphabets", "A,B", help: "Background alphabets whose drawings are parsed.", default: "Tagalog,Early_Aramaic"),
                .value("drawers", "D,E", help: "Drawers (1...20) whose drawings are parsed; default all.", default: ""),
                .value("limit", "N", help: "Only the first N drawings (alphabet, character, drawer order)."),
                .value("out", "FILE", help: "Also write each drawing's line to FILE (tab-separated, with the header) as it is done."),
                .flag("resume", help: "With --out: keep the drawings already in FILE, parse the rest, and summarise the whole file."),
            ]
        )
    ) { arguments in
        let session = try ImageTaskSession(arguments, command: "parse-agreement")
        let limit = try arguments.int("limit") ?? .max
        let results = try TabbedResults(path: arguments.string("out"), header: parseAgreementHeader, resume: arguments.flag("resume"),
                                        command: "parse-agreement")
        let dataset = try OmniglotDataset(.background, in: try OmniglotDirectory.resolve(option: arguments.string("data")))
        let alphabets = arguments.list("alphabets") ?? ["Tagalog", "Early_Aramaic"]
        for alphabet in alphabets where !dataset.alphabets.contains(alphabet) {
            let hint = nearest(alphabet, in: dataset.alphabets).map { "did you mean '\($0)'?" } ?? "one of \(dataset.alphabets.joined(separator: ", "))"
            throw ArgumentError.invalidValue(option: "--alphabets", value: alphabet, expected: "a background alphabet (\(hint))", command: "parse-agreement")
        }
        let drawers = try (arguments.list("drawers") ?? []).map { text -> Int in
            guard let drawer = Int(text), (1...20).contains(drawer) else {
                throw ArgumentError.invalidValue(option: "--drawers", value: text, expected: "drawer numbers 1...20", command: "parse-agreement")
            }
            return drawer
        }
        let done = results.done
        let drawings = dataset.drawings
            .filter { alphabets.contains($0.alphabet) && (drawers.isEmpty || drawers.contains($0.drawer)) && $0.strokePath != nil }
            .sorted { ($0.alphabet, $0.character, $0.drawer) < ($1.alphabet, $1.character, $1.drawer) }
            .prefix(limit)
        var rows = results.rows
        print(parseAgreementHeader)
        for (index, drawing) in drawings.enumerated() where !done.contains(drawing.key) {
            let started = Date()
            let human = try StrokePreprocessing().splines(try dataset.strokes(of: drawing), label: drawing.key).filter { $0.count >= 2 }
            guard !human.isEmpty else {
                standardError("\(drawing.key): skipped, no stroke of the drawing is long enough to compare")
                continue
            }
            let image = try BinaryImage(raster: try dataset.image(of: drawing), path: drawing.imagePath)
            let (parses, proposals) = try session.parse(TargetImage(image: image, label: drawing.key, humanStrokes: human))
            guard let top = parses.first, let proposal = proposals?.parses.first else { continue }
            let model = StrokeAgreement(parse: top.character.token.warpedControlPoints, human: human)
            let bottomUp = StrokeAgreement(parse: proposal.strokes, human: human)
            func fields(_ a: StrokeAgreement) -> [String] {
                [String(format: "%.2f", a.meanDistance), a.sameOrder.map { $0 ? "1" : "0" } ?? "-", a.sameDirection.map { String(format: "%.2f", $0) } ?? "-"]
            }
            let row = [drawing.key, "\(model.counts.parse)", "\(model.counts.human)"] + fields(model) + ["\(bottomUp.counts.parse)"] + fields(bottomUp)
                + [String(format: "%.1f", Date().timeIntervalSince(started))]
            let line = row.joined(separator: "\t")
            print(line)
            try results.append(line)
            rows.append(row)
            progressLine("  drawings \(index + 1)/\(drawings.count)", done: index + 1 == drawings.count)
        }
        printAgreementSummary(rows)
        return 0
    }

    /// Stroke-count exact rate, mean matched distance, and order and direction agreement where the counts match, for the
    /// parse and for the proposal.
    static func printAgreementSummary(_ rows: [[String]]) {
        guard !rows.isEmpty else { return }
        func summary(_ name: String, count: Int, distance: Int, order: Int, direction: Int) {
            let matched = rows.filter { $0[count] == $0[2] }
            let distances = rows.compactMap { Double($0[distance]) }
            let orders = matched.compactMap { Double($0[order]) }, directions = matched.compactMap { Double($0[direction]) }
            print(String(format: "%@: stroke count exact %d/%d (%.1f %%), mean matched-stroke distance %.2f px, same order %.1f %% and same direction %.1f %% where counts match",
                         name, matched.count, rows.count, 100 * Double(matched.count) / Double(rows.count), mean(distances),
                         100 * mean(orders), 100 * mean(directions)))
        }
        summary("top parse", count: 1, distance: 3, order: 4, direction: 5)
        summary("first bottom-up proposal (no type prior)", count: 6, distance: 7, order: 8, direction: 9)
    }
}
