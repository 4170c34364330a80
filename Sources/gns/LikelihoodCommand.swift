import Arguments
import CharacterModel
import CharacterTraining
import Foundation
import OmniglotData
import Spelling

extension Commands {
    /// `gns nll`: the type prior's negative log-likelihood of the drawings of whole alphabets.
    static let nll = Subcommand(
        CommandSpec(
            name: "nll",
            summary: "Negative log-likelihood per drawing under the type prior, split into location, stroke and termination terms.",
            options: [
                dataOption(),
                .value("alphabets", "A,B", help: "Background alphabets to score (default: all)."),
                .value("weights", "DIR", help: "Directory with location/stroke/termination .safetensors (default: the bundled weights)."),
                .value("reference", "DIR", help: "Also score with the paper's location and termination weights from DIR (a fidelity check)."),
            ]
        )
    ) { arguments in
        do {
            let networks = try TypePriorNetworks.load(from: arguments.string("weights"))
            let dataset = try OmniglotDataset(.background, in: try OmniglotDirectory.resolve(option: arguments.string("data")))
            let alphabets = arguments.list("alphabets") ?? dataset.alphabets
            for alphabet in alphabets where !dataset.alphabets.contains(alphabet) {
                let hint = nearest(alphabet, in: dataset.alphabets).map { " (did you mean '\($0)'?)" } ?? ""
                standardError("gns nll: '\(alphabet)' is not a background alphabet in this data\(hint)")
                return 2
            }
            let data = try TypeTrainingData.load(dataset, including: { alphabets.contains($0.alphabet) }) { done, total in
                progressLine("reading and fitting strokes \(done)/\(total)")
            }
            progressLine("read and fitted the strokes of \(data.drawings.count) drawings", done: true)
            var scorers = [("GNS weights", TypePriorScorer(networks))]
            if let reference = arguments.string("reference") {
                var paper = networks
                try paper.location.load(contentsOf: reference + "/location_model.safetensors")
                try paper.termination.load(contentsOf: reference + "/terminate_model.safetensors")
                scorers.append(("paper's location + termination", TypePriorScorer(paper)))
            }
            print("type-prior negative log-likelihood, nats per drawing (motor-space densities), \(data.drawings.count) drawings")
            for (label, scorer) in scorers {
                print("\(label):")
                print("  alphabet                drawings   location     stroke  termination      total")
                for alphabet in alphabets {
                    let drawings = data.drawings.filter { $0.drawing.alphabet == alphabet }
                    let losses = scorer.negativeLogLikelihoods(of: drawings.map(\.splines))
                    let mean = { (value: (TypeLosses) -> Double) in losses.map(value).reduce(0, +) / Double(max(losses.count, 1)) }
                    let name = alphabet.padding(toLength: max(22, alphabet.count), withPad: " ", startingAt: 0)
                    print("  " + name + String(format: " %9d %10.2f %10.2f %12.2f %10.2f", drawings.count,
                                 mean(\.location), mean(\.stroke), mean(\.termination), mean(\.total)))
                }
            }
            return 0
        } catch let error as ArgumentError {
            standardError("gns nll: \(error)")
            return 2
        } catch {
            standardError("gns nll: \(error)")
            return 1
        }
    }
}
