/// Why a weights file could not be used.
public enum WeightsError: Error, Equatable, CustomStringConvertible {
    /// The file could not be read or is not valid safetensors.
    case unreadable(path: String, reason: String)
    /// The file's tensors do not fit the network.
    case mismatch(path: String, missing: [String], wrongShape: [String], unexpected: [String])

    public var description: String {
        switch self {
        case let .unreadable(path, reason):
            return "\(path): cannot read weights: \(reason)"
        case let .mismatch(path, missing, wrongShape, unexpected):
            var parts: [String] = []
            if !missing.isEmpty { parts.append("missing \(Self.list(missing))") }
            if !wrongShape.isEmpty { parts.append("wrong shape \(Self.list(wrongShape))") }
            if !unexpected.isEmpty { parts.append("unexpected \(Self.list(unexpected))") }
            return "\(path): weights do not fit this network: " + parts.joined(separator: "; ")
        }
    }

    /// At most five names, then a count, so a wholly wrong file gives a readable message.
    private static func list(_ names: [String]) -> String {
        names.count <= 5 ? names.joined(separator: ", ") : names.prefix(5).joined(separator: ", ") + " and \(names.count - 5) more"
    }
}
