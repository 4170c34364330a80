import Arguments
import Foundation
import Images
import OmniglotData
import Render

extension Commands {
    /// `gns render`: one drawing's human strokes through the GNS renderer, beside the official image.
    static let render = Subcommand(
        CommandSpec(
            name: "render",
            summary: "Render a drawing's human strokes (fitted splines and raw pen paths) with the GNS renderer beside the official image, into a PNG.",
            options: [
                .value("data", "DIR", help: "Omniglot directory (zips or folders); default $GNS_DATA, else ../shared/omniglot."),
                .value("set", "NAME", help: "background or evaluation.", default: "background"),
                .value("alphabet", "NAME", help: "Alphabet folder name, e.g. Greek or Japanese_(katakana)."),
                .value("character", "N", help: "Character number within the alphabet (the NN of characterNN)."),
                .value("drawer", "N", help: "Drawer 1...20.", default: "1"),
                .value("scale", "N", help: "Output pixels per canvas pixel (1...16).", default: "4"),
                .value("out", "FILE", help: "Output PNG.", default: "render.png"),
            ]
        )
    ) { arguments in
        guard let alphabet = arguments.string("alphabet") else {
            throw ArgumentError.missingValue(option: "--alphabet", valueName: "NAME", command: "render")
        }
        guard let character = try arguments.int("character") else {
            throw ArgumentError.missingValue(option: "--character", valueName: "N", command: "render")
        }
        let drawer = try arguments.int("drawer") ?? 1
        let scale = try arguments.int("scale") ?? 4
        guard (1...16).contains(scale) else {
            throw ArgumentError.invalidValue(option: "--scale", value: String(scale), expected: "an integer in 1...16", command: "render")
        }
        let setName = arguments.string("set") ?? "background"
        guard let set = OmniglotSet(rawValue: setName) else {
            throw ArgumentError.invalidValue(option: "--set", value: setName, expected: "background or evaluation", command: "render")
        }
        let out = arguments.string("out") ?? "render.png"
        do {
            let dataset = try OmniglotDataset(set, in: try OmniglotDirectory.resolve(option: arguments.string("data")))
            let drawing = try DrawingChoice(alphabet: alphabet, character: character, drawer: drawer).find(in: dataset)
            let sheet = try DrawingSheet(dataset: dataset, drawing: drawing, scale: scale)
            try PNG.write(sheet.raster, to: out)
            print("wrote \(out): \(drawing.key) (\(sheet.strokeCount) stroke\(sheet.strokeCount == 1 ? "" : "s")); panels: official image, "
                + "minimal splines (ink IoU \(String(format: "%.3f", sheet.splineIoU))), "
                + "raw pen trajectories (ink IoU \(String(format: "%.3f", sheet.rawIoU))); dots mark stroke starts")
            return 0
        } catch let error as OmniglotError {
            standardError("gns render: \(error)")
            return 1
        } catch let error as DrawingChoice.NotFound {
            standardError("gns render: \(error)")
            return 1
        } catch let error as PNGError {
            standardError("gns render: \(error)")
            return 1
        }
    }
}

/// Which drawing the user asked for, and the clear error when there is none.
private struct DrawingChoice {
    let alphabet: String
    let character: Int
    let drawer: Int

    /// No drawing matches; the message lists what exists and suggests a near alphabet name.
    struct NotFound: Error, CustomStringConvertible {
        let description: String
    }

    func find(in dataset: OmniglotDataset) throws -> Drawing {
        let inAlphabet = dataset.drawings.filter { $0.alphabet == alphabet }
        guard !inAlphabet.isEmpty else {
            let names = dataset.alphabets
            let hint = nearest(alphabet, in: names).map { "did you mean '\($0)'? " } ?? ""
            throw NotFound(description: "no alphabet '\(alphabet)' in the \(dataset.set.rawValue) set; \(hint)"
                + "(alphabets: \(names.joined(separator: ", ")))")
        }
        let inCharacter = inAlphabet.filter { $0.character == character }
        guard !inCharacter.isEmpty else {
            throw NotFound(description: "\(alphabet) has no character \(character) (characters: \(Self.ranges(inAlphabet.map(\.character))))")
        }
        guard let drawing = inCharacter.first(where: { $0.drawer == drawer }) else {
            throw NotFound(description: "\(alphabet) character \(character) has no drawer \(drawer) (drawers: \(Self.ranges(inCharacter.map(\.drawer))))")
        }
        return drawing
    }

    /// `1...24` style summary of a set of numbers (runs joined by commas).
    static func ranges(_ numbers: [Int]) -> String {
        let sorted = Array(Set(numbers)).sorted()
        var parts: [String] = [], index = 0
        while index < sorted.count {
            var end = index
            while end + 1 < sorted.count && sorted[end + 1] == sorted[end] + 1 { end += 1 }
            parts.append(end == index ? "\(sorted[index])" : "\(sorted[index])...\(sorted[end])")
            index = end + 1
        }
        return parts.joined(separator: ", ")
    }
}

/// The picture `gns render` writes: three panels (official image, splines, raw trajectories) with titles,
/// strokes coloured in drawing order, start dots, and a legend of stroke numbers.
private struct DrawingSheet {
    let raster: Raster
    let strokeCount: Int
    let splineIoU: Double
    let rawIoU: Double

    /// Stroke colours in drawing order (a qualitative palette; repeats after ten strokes).
    static let palette: [SIMD3<Float>] = [
        [31, 119, 180], [255, 127, 14], [44, 160, 44], [214, 39, 40], [148, 103, 189],
        [140, 86, 75], [227, 119, 194], [127, 127, 127], [188, 189, 34], [23, 190, 207],
    ]

    init(dataset: OmniglotDataset, drawing: Drawing, scale: Int) throws {
        let official = try dataset.image(of: drawing)
        let size = Coordinates.canvasSize
        guard official.width == size, official.height == size else {
            throw OmniglotError.unexpectedLayout(path: drawing.imagePath, reason: "image is \(official.width)x\(official.height), not 105x105")
        }
        let strokes = try dataset.strokes(of: drawing)
        let rendering = HumanStrokeRendering(), renderer = Renderer()
        let splines = try rendering.render(splines: rendering.splines(strokes, label: drawing.key), with: renderer)
        let raw = rendering.render(trajectories: strokes, with: renderer)
        let officialInk = official.inkIntensities()
        strokeCount = strokes.count
        splineIoU = HumanStrokeRendering.inkIntersectionOverUnion(splines.combined, officialInk)
        rawIoU = HumanStrokeRendering.inkIntersectionOverUnion(raw.combined, officialInk)

        let panel = size * scale, gap = 4 * scale, text = max(2, scale - 1), titleHeight = 5 * text + 2 * gap
        let legendHeight = 6 * text + 2 * gap
        var canvas = RGBCanvas(width: 3 * panel + 4 * gap, height: titleHeight + panel + legendHeight)
        let titles = ["OFFICIAL", "SPLINES", "RAW PEN"]
        for (index, title) in titles.enumerated() {
            let left = gap + index * (panel + gap)
            canvas.text(title, x: left, y: gap, pixel: text)
            canvas.frame(x: left - 1, y: titleHeight - 1, width: panel + 2, height: panel + 2, colour: [200, 200, 200])
        }
        canvas.ink(officialInk, strokes: [], x: gap, y: titleHeight, scale: scale)
        for (index, renders) in [splines, raw].enumerated() {
            let left = gap + (index + 1) * (panel + gap)
            canvas.ink(renders.combined, strokes: renders.strokes, x: left, y: titleHeight, scale: scale)
            for (k, start) in renders.starts.enumerated() {
                let image = Coordinates.imageFromMotor(start)
                canvas.dot(x: left + Int((image.y + 0.5) * Double(scale)), y: titleHeight + Int((image.x + 0.5) * Double(scale)),
                           radius: max(3, 2 * scale), colour: Self.palette[k % Self.palette.count])
            }
        }
        // Legend: a dot and the stroke's number, in drawing order.
        let y = titleHeight + panel + gap
        var x = canvas.text("STROKE ORDER", x: gap, y: y, pixel: text) + 2 * text
        for k in 0..<strokes.count {
            canvas.dot(x: x + 3 * text, y: y + 5 * text / 2, radius: 3 * text, colour: Self.palette[k % Self.palette.count])
            x += 7 * text
            x = canvas.text(String(k + 1), x: x, y: y, pixel: text) + 3 * text
        }
        raster = canvas.raster
    }
}

/// A white RGB picture with the few drawing operations `DrawingSheet` needs.
private struct RGBCanvas {
    var raster: Raster

    init(width: Int, height: Int) {
        raster = Raster(width: width, height: height, channels: 3, filledWith: 255)
    }

    mutating func set(_ x: Int, _ y: Int, _ colour: SIMD3<Float>) {
        guard x >= 0, y >= 0, x < raster.width, y < raster.height else { return }
        for channel in 0..<3 { raster[x, y, channel] = UInt8(min(max(colour[channel], 0), 255).rounded()) }
    }

    /// A 105x105 ink map scaled up by `scale` at `(x, y)`: black where `strokes` is empty, else each pixel
    /// takes the colours of the strokes inking it, mixed by how much each inks it.
    mutating func ink(_ combined: [Float], strokes: [[Float]], x: Int, y: Int, scale: Int) {
        let size = Coordinates.canvasSize
        for row in 0..<size {
            for column in 0..<size {
                let index = row * size + column
                let amount = min(max(combined[index], 0), 1)
                var colour = SIMD3<Float>(0, 0, 0), weight: Float = 0
                for (k, stroke) in strokes.enumerated() {
                    colour += stroke[index] * DrawingSheet.palette[k % DrawingSheet.palette.count]
                    weight += stroke[index]
                }
                if weight > 0 { colour /= weight }
                let mixed = (1 - amount) * SIMD3<Float>(repeating: 255) + amount * colour
                for dy in 0..<scale { for dx in 0..<scale { set(x + column * scale + dx, y + row * scale + dy, mixed) } }
            }
        }
    }

    /// A filled disc inside a white ring and a dark rim, so it stands out on ink of its own colour.
    mutating func dot(x: Int, y: Int, radius: Int, colour: SIMD3<Float>) {
        let ring = max(1, Double(radius) / 4)
        for dy in -radius...radius {
            for dx in -radius...radius {
                let distance = Double(dx * dx + dy * dy).squareRoot()
                guard distance <= Double(radius) else { continue }
                let shade: SIMD3<Float> = distance > Double(radius) - ring ? [20, 20, 20]
                    : distance > Double(radius) - 2 * ring ? [255, 255, 255] : colour
                set(x + dx, y + dy, shade)
            }
        }
    }

    /// A one-pixel rectangle outline.
    mutating func frame(x: Int, y: Int, width: Int, height: Int, colour: SIMD3<Float>) {
        for i in 0..<width { set(x + i, y, colour); set(x + i, y + height - 1, colour) }
        for j in 0..<height { set(x, y + j, colour); set(x + width - 1, y + j, colour) }
    }

    /// Writes `string` in a 3x5 block font with `pixel`-sized dots; returns the x after the last glyph.
    @discardableResult
    mutating func text(_ string: String, x: Int, y: Int, pixel: Int) -> Int {
        var left = x
        for character in string {
            let rows = BlockFont.glyph(character)
            for (r, row) in rows.enumerated() {
                for (c, bit) in row.enumerated() where bit == "#" {
                    for dy in 0..<pixel { for dx in 0..<pixel { set(left + c * pixel + dx, y + r * pixel + dy, [30, 30, 30]) } }
                }
            }
            left += 4 * pixel
        }
        return left
    }
}

/// A 3x5 bitmap font covering the sheet's titles and numbers (other characters draw as blanks).
private enum BlockFont {
    static func glyph(_ character: Character) -> [String] {
        switch character {
        case "A": ["###", "#.#", "###", "#.#", "#.#"]
        case "C": ["###", "#..", "#..", "#..", "###"]
        case "D": ["##.", "#.#", "#.#", "#.#", "##."]
        case "E": ["###", "#..", "##.", "#..", "###"]
        case "F": ["###", "#..", "##.", "#..", "#.."]
        case "I": ["###", ".#.", ".#.", ".#.", "###"]
        case "K": ["#.#", "#.#", "##.", "#.#", "#.#"]
        case "L": ["#..", "#..", "#..", "#..", "###"]
        case "N": ["##.", "#.#", "#.#", "#.#", "#.#"]
        case "O": ["###", "#.#", "#.#", "#.#", "###"]
        case "P": ["###", "#.#", "###", "#..", "#.."]
        case "R": ["##.", "#.#", "##.", "#.#", "#.#"]
        case "S": ["###", "#..", "###", "..#", "###"]
        case "T": ["###", ".#.", ".#.", ".#.", ".#."]
        case "W": ["#.#", "#.#", "#.#", "###", "#.#"]
        case "0": ["###", "#.#", "#.#", "#.#", "###"]
        case "1": [".#.", "##.", ".#.", ".#.", "###"]
        case "2": ["###", "..#", "###", "#..", "###"]
        case "3": ["###", "..#", ".##", "..#", "###"]
        case "4": ["#.#", "#.#", "###", "..#", "..#"]
        case "5": ["###", "#..", "###", "..#", "###"]
        case "6": ["###", "#..", "###", "#.#", "###"]
        case "7": ["###", "..#", ".#.", ".#.", ".#."]
        case "8": ["###", "#.#", "###", "#.#", "###"]
        case "9": ["###", "#.#", "###", "..#", "###"]
        default: ["...", "...", "...", "...", "..."]
        }
    }
}
