import Arguments
import Foundation
import Images
import OmniglotData
import Render
import Spelling

extension Commands {
    /// `gns render`: one drawing's human strokes through the GNS renderer, beside the official image.
    static let render = Subcommand(
        CommandSpec(
            name: "render",
            summary: "Render a drawing's human strokes (fitted splines and raw pen paths) with the GNS renderer beside the official image, into a PNG.",
            options: [
                dataOption(),
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
        try checkOutput(out, command: "render")
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
struct DrawingChoice {
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
    static let textColour: SIMD3<UInt8> = [30, 30, 30]

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

        let panel = size * scale, gap = 4 * scale, text = max(1, scale / 2)
        let titleHeight = 7 * text + 2 * gap, legendHeight = 7 * text + 2 * gap
        var sheet = Raster.blank(width: 3 * panel + 4 * gap, height: titleHeight + panel + legendHeight)
        for (index, title) in ["official", "splines", "raw pen"].enumerated() {
            let left = gap + index * (panel + gap)
            sheet.drawText(title, x: left, y: gap, color: Self.textColour, scale: text)
            sheet.fillRectangle(x: left - 1, y: titleHeight - 1, width: panel + 2, height: panel + 2, color: [200, 200, 200])
        }
        Self.paint(officialInk, strokes: [], on: &sheet, x: gap, y: titleHeight, scale: scale)
        for (index, renders) in [splines, raw].enumerated() {
            let left = gap + (index + 1) * (panel + gap)
            Self.paint(renders.combined, strokes: renders.strokes, on: &sheet, x: left, y: titleHeight, scale: scale)
            for (k, start) in renders.starts.enumerated() {
                let image = Coordinates.imageFromMotor(start)
                let centre = SIMD2(Double(left) + (image.y + 0.5) * Double(scale), Double(titleHeight) + (image.x + 0.5) * Double(scale))
                Self.dot(on: &sheet, centre: centre, radius: Double(max(3, 2 * scale)), stroke: k)
            }
        }
        // Legend: a dot and the stroke's number, in drawing order.
        let y = titleHeight + panel + gap
        sheet.drawText("stroke order", x: gap, y: y, color: Self.textColour, scale: text)
        var x = gap + 14 * 6 * text
        for k in 0..<strokes.count {
            Self.dot(on: &sheet, centre: [Double(x + 4 * text), Double(y) + 3.5 * Double(text)], radius: 4 * Double(text), stroke: k)
            x += 10 * text
            let label = String(k + 1)
            sheet.drawText(label, x: x, y: y, color: Self.textColour, scale: text)
            x += (label.count * 6 + 4) * text
        }
        raster = sheet
    }

    static func colour(_ stroke: Int) -> SIMD3<Float> { palette[stroke % palette.count] }

    /// A 105x105 ink map scaled up by `scale` at `(x, y)`: black where `strokes` is empty, else each pixel
    /// takes the colours of the strokes inking it, mixed by how much each inks it.
    static func paint(_ combined: [Float], strokes: [[Float]], on sheet: inout Raster, x: Int, y: Int, scale: Int) {
        let size = Coordinates.canvasSize
        for row in 0..<size {
            for column in 0..<size {
                let index = row * size + column
                let amount = min(max(combined[index], 0), 1)
                var mix = SIMD3<Float>(0, 0, 0), weight: Float = 0
                for (k, stroke) in strokes.enumerated() {
                    mix += stroke[index] * colour(k)
                    weight += stroke[index]
                }
                if weight > 0 { mix /= weight }
                let shade = ((1 - amount) * SIMD3<Float>(repeating: 255) + amount * mix).rounded(.toNearestOrEven)
                sheet.fillRectangle(x: x + column * scale, y: y + row * scale, width: scale, height: scale,
                                    color: SIMD3<UInt8>(clamping: SIMD3<Int32>(shade)))
            }
        }
    }

    /// A disc in the stroke's colour inside a white ring and a dark rim, so it stands out on its own ink.
    static func dot(on sheet: inout Raster, centre: SIMD2<Double>, radius: Double, stroke: Int) {
        let ring = max(1, radius / 4)
        sheet.fillDisc(center: centre, radius: radius, color: [20, 20, 20])
        sheet.fillDisc(center: centre, radius: radius - ring, color: [255, 255, 255])
        sheet.fillDisc(center: centre, radius: radius - 2 * ring, color: SIMD3<UInt8>(clamping: SIMD3<Int32>(colour(stroke))))
    }
}
