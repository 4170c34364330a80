import Foundation
import Language

extension Trace {
    /// A table with one row per choice in visiting order: address, distribution, value, log p and origin,
    /// followed by the score and the return value.
    public var table: String {
        let header = ["address", "distribution", "value", "log p", "origin"]
        let rows = addresses.compactMap { address -> [String]? in
            guard let entry = entries[address] else { return nil }
            return ["\(address)", "\(entry.distribution)", "\(entry.value)", Self.format(entry.logProbability), entry.origin.rawValue]
        }
        let widths = header.indices.map { column in ([header] + rows).map { $0[column].count }.max() ?? 0 }
        func line(_ cells: [String]) -> String {
            zip(cells, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
                .trimmingCharacters(in: .whitespaces)
        }
        var lines = [line(header), line(widths.map { String(repeating: "-", count: $0) })]
        lines += rows.map(line)
        if factorLogWeight != 0 { lines.append("factors: \(Self.format(factorLogWeight))") }
        lines.append("score: \(Self.format(score))")
        lines.append("return: \(returnValue)")
        return lines.joined(separator: "\n")
    }

    /// The trace as a JSON object: `{"score", "return", "factors", "choices": [{address, distribution, value,
    /// logProbability, origin}]}`, choices in visiting order. Numbers and booleans stay JSON numbers and
    /// booleans, `nil` is `null`; other values are written as their printed form.
    public var json: String {
        let choices = addresses.compactMap { address -> String? in
            guard let entry = entries[address] else { return nil }
            return "{\"address\": \(Self.quote("\(address)")), \"distribution\": \(Self.quote("\(entry.distribution)")), "
                + "\"value\": \(Self.json(entry.value)), \"logProbability\": \(Self.jsonNumber(entry.logProbability)), "
                + "\"origin\": \"\(entry.origin.rawValue)\"}"
        }
        return "{\"score\": \(Self.jsonNumber(score)), \"factors\": \(Self.jsonNumber(factorLogWeight)), "
            + "\"return\": \(Self.json(returnValue)),\n \"choices\": [\n  " + choices.joined(separator: ",\n  ") + "\n]}"
    }

    static func format(_ x: Double) -> String { String(format: "%.6g", x) }

    static func jsonNumber(_ x: Double) -> String {
        x.isFinite ? "\(x)" : quote("\(x)")
    }

    static func json(_ value: Value) -> String {
        switch value {
        case .nil: "null"
        case .number(let x): jsonNumber(x)
        case .bool(let b): "\(b)"
        case .list(let items): "[" + items.map(json).joined(separator: ", ") + "]"
        default: quote("\(value)")
        }
    }

    static func quote(_ text: String) -> String {
        var escaped = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": escaped += "\\\""
            case "\\": escaped += "\\\\"
            case "\n": escaped += "\\n"
            case "\t": escaped += "\\t"
            default:
                if scalar.value < 0x20 { escaped += String(format: "\\u%04x", scalar.value) } else { escaped.unicodeScalars.append(scalar) }
            }
        }
        return "\"" + escaped + "\""
    }
}
