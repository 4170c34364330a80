import Foundation
import Inference

/// The JSON `gns parse --json` writes.
public enum ParseReport {
    /// `{"image", "parses": [{"rank", "logScore", "startLogScore", "weight", "candidate", "order", "reversed",
    /// "typeNegativeLogLikelihood", "trace"}]}`, where `trace` is the refined run with every choice
    /// (``Inference/Trace/json``); candidates, order and ranks count from 1.
    public static func json(label: String, parses: [CharacterParse]) -> String {
        let items = parses.enumerated().map { k, parse in
            "{\"rank\": \(k + 1), \"logScore\": \(parse.logScore), \"startLogScore\": \(parse.startLogScore), "
                + "\"weight\": \(parse.weight), \"candidate\": \(parse.candidate + 1), "
                + "\"order\": \(parse.ordering.order.map { $0 + 1 }), \"reversed\": \(parse.ordering.reversed), "
                + "\"typeNegativeLogLikelihood\": \(parse.ordering.negativeLogLikelihood),\n \"trace\": \(parse.trace.json)}"
        }
        let escaped = label.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
        return "{\"image\": \"\(escaped)\", \"parses\": [\n" + items.joined(separator: ",\n") + "\n]}\n"
    }
}
