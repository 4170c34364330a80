import Images

/// Which half of Omniglot: the background set (training alphabets) or the evaluation set (held-out alphabets).
public enum OmniglotSet: String, Sendable, CaseIterable {
    case background
    case evaluation

    /// Image sources in order of preference: the full release, else the union of the small subsets.
    var imageSourceChoices: [[String]] {
        switch self {
        case .background: return [["images_background"], ["images_background_small1", "images_background_small2"]]
        case .evaluation: return [["images_evaluation"]]
        }
    }
}

/// One drawing: a character drawn by one of the twenty drawers, its image and (when present) its stroke file.
public struct Drawing: Sendable, Hashable {
    /// Alphabet folder name, e.g. `Greek` or `Japanese_(katakana)`.
    public let alphabet: String
    /// Character number within the alphabet, from the folder name (`character05` is 5).
    public let character: Int
    /// The release's global character identifier, the file name's first part (`0709` in `0709_17.png`).
    public let characterID: String
    /// Drawer number 1...20, the file name's second part (`17` in `0709_17.png`).
    public let drawer: Int
    /// Index of the image container in the dataset, and the image's path inside it.
    let imageSource: Int
    /// The image's path inside its container, e.g. `images_background_small1/Greek/character01/0394_01.png`.
    public let imagePath: String
    /// The stroke file's path inside the paired strokes container, when that container exists.
    public let strokePath: String?

    /// `Alphabet/characterNN/ID_DD`, the drawing's identity independent of the container it came from.
    public let key: String
}

/// The drawings of one Omniglot set, listed without decoding anything; images and strokes load on request.
public struct OmniglotDataset: Sendable {
    /// Which set this is.
    public let set: OmniglotSet
    /// Every drawing, sorted by alphabet, character and drawer; drawings present in two subsets appear once.
    public let drawings: [Drawing]
    /// The image containers used (index = `Drawing.imageSource`), and their paired stroke containers.
    public let imageContainers: [FileContainer]
    public let strokeContainers: [FileContainer?]

    /// Lists the set found in `directory`: the full release if present, else whichever small subsets exist.
    public init(_ set: OmniglotSet, in directory: OmniglotDirectory) throws(OmniglotError) {
        var chosen: [FileContainer] = []
        for names in set.imageSourceChoices {
            for name in names { if let container = try directory.container(name) { chosen.append(container) } }
            if !chosen.isEmpty { break }
        }
        guard !chosen.isEmpty else {
            throw .missingSet(set: set.rawValue, directory: directory.path, expected: set.imageSourceChoices.flatMap { $0 })
        }
        var strokes: [FileContainer?] = []
        for container in chosen {
            let strokeName = "strokes" + container.name.dropFirst("images".count)
            strokes.append(try directory.container(String(strokeName)))
        }
        try self.init(set: set, imageContainers: chosen, strokeContainers: strokes)
    }

    init(set: OmniglotSet, imageContainers: [FileContainer], strokeContainers: [FileContainer?]) throws(OmniglotError) {
        self.set = set
        self.imageContainers = imageContainers
        self.strokeContainers = strokeContainers
        var seen = Set<String>()
        var drawings: [Drawing] = []
        for (index, container) in imageContainers.enumerated() {
            for path in try container.filePaths() where path.hasSuffix(".png") {
                let drawing = try Self.drawing(at: path, source: index, container: container, strokes: strokeContainers[index])
                if seen.insert(drawing.key).inserted { drawings.append(drawing) }
            }
        }
        self.drawings = drawings.sorted { $0.key < $1.key }
    }

    /// Parses `root/Alphabet/characterNN/ID_DD.png`.
    private static func drawing(at path: String, source: Int, container: FileContainer, strokes: FileContainer?) throws(OmniglotError) -> Drawing {
        let parts = path.split(separator: "/").map(String.init)
        guard parts.count == 4 else {
            throw .unexpectedLayout(path: container.displayPath(path), reason: "expected ROOT/ALPHABET/characterNN/ID_DD.png")
        }
        guard parts[2].hasPrefix("character"), let character = Int(parts[2].dropFirst("character".count)) else {
            throw .unexpectedLayout(path: container.displayPath(path), reason: "character folder '\(parts[2])' is not characterNN")
        }
        let stem = parts[3].dropLast(".png".count)
        let halves = stem.split(separator: "_")
        guard halves.count == 2, let drawer = Int(halves[1]) else {
            throw .unexpectedLayout(path: container.displayPath(path), reason: "file name '\(parts[3])' is not ID_DD.png")
        }
        var strokePath: String?
        if let strokes {
            strokePath = ([strokes.name] + parts[1...2] + [stem + ".txt"]).joined(separator: "/")
        }
        return Drawing(
            alphabet: parts[1], character: character, characterID: String(halves[0]), drawer: drawer,
            imageSource: source, imagePath: path, strokePath: strokePath, key: parts[1...2].joined(separator: "/") + "/" + stem)
    }

    /// The alphabets, sorted.
    public var alphabets: [String] { Array(Set(drawings.map(\.alphabet))).sorted() }

    /// The number of distinct characters (alphabet, character number).
    public var characterCount: Int { Set(drawings.map { "\($0.alphabet)/\($0.character)" }).count }

    /// Decodes the drawing's PNG.
    public func image(of drawing: Drawing) throws(OmniglotError) -> Raster {
        let container = imageContainers[drawing.imageSource]
        let bytes = try container.read(drawing.imagePath)
        do {
            return try PNG.decode(bytes, path: container.displayPath(drawing.imagePath))
        } catch {
            throw .image(error)
        }
    }

    /// Reads and parses the drawing's stroke file.
    public func strokes(of drawing: Drawing) throws(OmniglotError) -> [Stroke] {
        guard let strokePath = drawing.strokePath, let container = strokeContainers[drawing.imageSource] else {
            let imageName = imageContainers[drawing.imageSource].name
            throw .missingFile("strokes" + imageName.dropFirst("images".count) + " (.zip or folder) for " + drawing.key)
        }
        let bytes = try container.read(strokePath)
        return try StrokeFile.parse(String(decoding: bytes, as: UTF8.self), path: container.displayPath(strokePath))
    }
}
