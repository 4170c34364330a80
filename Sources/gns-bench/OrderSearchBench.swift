import Arguments
import CharacterModel
import CharacterTasks
import CharacterTraining
import Foundation
import OmniglotData

/// `gns-bench order`: how often the beam search over stroke orders and directions finds the exhaustive optimum,
/// and how many stroke scorings it needs, on human background drawings of up to 5 strokes (their preprocessed
/// strokes are exactly what the type prior scores).
enum OrderSearchBench {
    static let command = Subcommand(
        CommandSpec(
            name: "order",
            summary: "Beam search vs exhaustive search over stroke orders and directions on human drawings (rate of finding the optimum, scorings).",
            options: [
                .value("data", "DIR", help: "Omniglot directory; default $GNS_DATA, else ../shared/omniglot."),
                .value("every", "N", help: "Take every N-th background drawing (a fixed sample) with 2 to 5 strokes.", default: "400"),
                .value("beams", "W,W", help: "Beam widths to compare with the exhaustive search.", default: "1,2,4,8"),
                .flag("plain", help: "Rank prefixes by their score alone (no estimate of the remaining strokes' cost)."),
            ]
        )
    ) { arguments in
        let every = max(try arguments.int("every") ?? 400, 1)
        let widths = try (arguments.list("beams") ?? ["1", "2", "4", "8"]).map { text -> Int in
            guard let w = Int(text), w >= 1 else {
                throw ArgumentError.invalidValue(option: "--beams", value: text, expected: "positive integers", command: "order")
            }
            return w
        }
        let dataset = try OmniglotDataset(.background, in: try OmniglotDirectory.resolve(option: arguments.string("data")))
        let withStrokes = dataset.drawings.filter { $0.strokePath != nil }
        let chosen = Set(stride(from: 0, to: withStrokes.count, by: every).map { withStrokes[$0].key })
        let drawings = try TypeTrainingData.load(dataset, including: { chosen.contains($0.key) }).drawings
            .filter { (2...5).contains($0.splines.count) }
        let scorer = TypePriorScorer(try TypePriorNetworks.bundled())
        print("\(drawings.count) background drawings with 2-5 strokes (every \(every)-th drawing with strokes); a hit: the beam's best "
              + "ordering scores within 1e-3 nats of the exhaustive optimum")
        print("strokes  drawings  exhaustive steps  whole-type rows (reference)  " + widths.map { "beam \($0): hits, steps" }.joined(separator: "  "))
        var totals = (exhaustive: 0, reference: 0, hits: widths.map { _ in 0 }, steps: widths.map { _ in 0 }, seconds: widths.map { _ in 0.0 })
        var exhaustiveSeconds = 0.0
        for n in 2...5 {
            let group = drawings.filter { $0.splines.count == n }
            guard !group.isEmpty else { continue }
            var started = Date()
            // One drawing at a time: a 5-stroke drawing alone holds 5760 canvases at its last level.
            let exact = group.map { StrokeOrderSearch.exhaustive(scorer: scorer).search($0.splines) }
            exhaustiveSeconds += Date().timeIntervalSince(started)
            // The reference scores each ordering as a whole type: n! 2^n types of n strokes.
            let reference = group.count * (1...n).reduce(1, *) * (1 << n) * n
            var line = String(format: "%7d  %8d  %16d  %27d", n, group.count, exact.reduce(0) { $0 + $1.scoredSteps }, reference)
            totals.exhaustive += exact.reduce(0) { $0 + $1.scoredSteps }
            totals.reference += reference
            for (w, width) in widths.enumerated() {
                started = Date()
                let beam = StrokeOrderSearch(scorer: scorer, beamWidth: width, lookahead: !arguments.flag("plain")).search(parses: group.map(\.splines))
                totals.seconds[w] += Date().timeIntervalSince(started)
                let hits = zip(beam, exact).filter { $0.best.negativeLogLikelihood <= $1.best.negativeLogLikelihood + 1e-3 }.count
                let steps = beam.reduce(0) { $0 + $1.scoredSteps }
                totals.hits[w] += hits
                totals.steps[w] += steps
                line += String(format: "  %3d/%-3d %6d", hits, group.count, steps)
            }
            print(line)
        }
        print(String(format: "all: exhaustive %d steps (%.1f s), reference-style %d stroke rows", totals.exhaustive, exhaustiveSeconds, totals.reference))
        for (w, width) in widths.enumerated() {
            print(String(format: "beam %d: optimum found for %d/%d (%.1f%%); %d steps = %.1fx fewer than exhaustive, %.0fx fewer than reference-style; %.1f s",
                         width, totals.hits[w], drawings.count, 100 * Double(totals.hits[w]) / Double(max(drawings.count, 1)), totals.steps[w],
                         Double(totals.exhaustive) / Double(max(totals.steps[w], 1)), Double(totals.reference) / Double(max(totals.steps[w], 1)),
                         totals.seconds[w]))
        }
        return 0
    }
}
