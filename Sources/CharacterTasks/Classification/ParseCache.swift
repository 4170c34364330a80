/// The parses of each image of a classification, kept in a JSON Lines file beside the results
/// (`results.parses.jsonl` for `results.jsonl`), so a resumed run or another trial of the same run does not
/// parse an image again.
public final class ParseCache {
    /// One line of the cache: an image of the runs and its parses, best first.
    struct Entry: Codable {
        let image: String
        let parses: [ImageParse]
    }

    private let file: JSONLinesFile<Entry>
    private var known: [String: [ImageParse]]

    /// The cache beside `resultsPath`, opened like the results: new, or continued with `resume`.
    public init(beside resultsPath: String, resume: Bool) throws(ClassificationError) {
        let (file, entries) = try JSONLinesFile<Entry>.openForAppending(Self.path(beside: resultsPath), resume: resume)
        self.file = file
        known = Dictionary(entries.map { ($0.image, $0.parses) }, uniquingKeysWith: { _, last in last })
    }

    deinit { file.close() }

    /// Every image and its parses in the cache file at `path`, in file order (a later line for an image wins).
    public static func entries(at path: String) throws(ClassificationError) -> [(image: String, parses: [ImageParse])] {
        var order: [String] = [], latest: [String: [ImageParse]] = [:]
        for entry in try JSONLinesFile<Entry>.read(path) {
            if latest[entry.image] == nil { order.append(entry.image) }
            latest[entry.image] = entry.parses
        }
        return order.map { ($0, latest[$0]!) }
    }

    /// The cache file of a results file: `.jsonl` replaced by `.parses.jsonl`.
    public static func path(beside resultsPath: String) -> String {
        (resultsPath.hasSuffix(".jsonl") ? String(resultsPath.dropLast(6)) : resultsPath) + ".parses.jsonl"
    }

    /// The parses of `image` (a path in the runs), from the file or else from `parse`, whose result is stored.
    public func parses(of image: String, parse: () throws -> [ImageParse]) throws -> [ImageParse] {
        if let parses = known[image] { return parses }
        let parses = try parse()
        guard !parses.isEmpty else { throw ClassificationError.invalidParse("\(image): the parser found no parse") }
        try file.append(Entry(image: image, parses: parses))
        known[image] = parses
        return parses
    }
}
