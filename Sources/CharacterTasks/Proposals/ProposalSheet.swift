import CharacterModel
import Images
import Render

/// The picture of a ``ProposalSet``: the image with its skeleton graph, then the first proposals, strokes coloured
/// in walk order with a dot at each start, as titled panels in rows (what `gns parse --proposals` shows).
public enum ProposalSheet {
    /// The graph panel and the first `count` proposals, `perRow` panels a row, each 105 x `scale` pixels square.
    ///
    /// Graph panel: ink light grey, skeleton pixels darker, each edge a colour, nodes black discs. Proposal
    /// panels: ink light grey, each stroke's spline in the colour of its position in the walk (the palette of
    /// `CharacterSheet`), its start a dot in that colour inside a white ring and a dark rim.
    public static func raster(image: BinaryImage, proposals: ProposalSet, count: Int = 9, scale: Int = 3, perRow: Int = 5) -> Raster {
        precondition(scale >= 1 && perRow >= 1, "scale and perRow are positive")
        let graph = proposals.graph
        var panels = [(title: "graph \(graph.nodes.count) nodes \(graph.edges.count) edges", raster: graphPanel(image: image, graph: graph, scale: scale))]
        for (k, parse) in proposals.parses.prefix(count).enumerated() {
            let strokes = parse.strokes.count == 1 ? "1 stroke" : "\(parse.strokes.count) strokes"
            panels.append((title: "\(k + 1): \(strokes)", raster: parsePanel(image: image, parse: parse, scale: scale)))
        }
        let rows = stride(from: 0, to: panels.count, by: perRow).map {
            CharacterSheet.sideBySide(Array(panels[$0..<min($0 + perRow, panels.count)]))
        }
        return stacked(rows)
    }

    static let rim: SIMD3<UInt8> = [20, 20, 20]

    /// The image's ink at `scale`: `ink` on ink pixels, white elsewhere.
    static func canvas(_ image: BinaryImage, scale: Int, ink: SIMD3<UInt8>) -> Raster {
        let size = Coordinates.canvasSize
        var raster = Raster.blank(width: size * scale, height: size * scale)
        for index in image.pixels.indices where image.pixels[index] > 0.5 {
            raster.fillRectangle(x: index % size * scale, y: index / size * scale, width: scale, height: scale, color: ink)
        }
        return raster
    }

    /// Where motor point `p` falls on a panel drawn at `scale` (pixel centres).
    static func place(_ p: SIMD2<Double>, scale: Int) -> SIMD2<Double> {
        let image = Coordinates.imageFromMotor(p)
        return SIMD2(image.y + 0.5, image.x + 0.5) * Double(scale)
    }

    static func colour(_ k: Int) -> SIMD3<UInt8> {
        let c = CharacterSheet.palette[k % CharacterSheet.palette.count] * 255
        return SIMD3<UInt8>(clamping: SIMD3<Int32>(c.rounded(.toNearestOrEven)))
    }

    static func polyline(_ points: [SIMD2<Double>], on raster: inout Raster, scale: Int, colour: SIMD3<UInt8>) {
        let placed = points.map { place($0, scale: scale) }
        let thickness = max(1, scale - 1)
        if placed.count == 1 { raster.fillDisc(center: placed[0], radius: Double(thickness), color: colour) }
        for (a, b) in zip(placed, placed.dropFirst()) { raster.drawLine(from: a, to: b, color: colour, thickness: thickness) }
    }

    static func graphPanel(image: BinaryImage, graph: StrokeGraph, scale: Int) -> Raster {
        var raster = canvas(image, scale: scale, ink: [215, 215, 215])
        let size = Coordinates.canvasSize
        for index in graph.skeleton.indices where graph.skeleton[index] {
            raster.fillRectangle(x: index % size * scale, y: index / size * scale, width: scale, height: scale, color: [150, 150, 150])
        }
        for (e, edge) in graph.edges.enumerated() { polyline(edge.path, on: &raster, scale: scale, colour: colour(e)) }
        for node in graph.nodes { raster.fillDisc(center: place(node, scale: scale), radius: Double(max(2, scale)), color: rim) }
        return raster
    }

    static func parsePanel(image: BinaryImage, parse: ProposedParse, scale: Int) -> Raster {
        var raster = canvas(image, scale: scale, ink: [225, 225, 225])
        for (k, stroke) in parse.strokes.enumerated() {
            let curve = stroke.count == 1 ? stroke : BSpline.evaluate(stroke)
            polyline(curve, on: &raster, scale: scale, colour: colour(k))
        }
        for (k, stroke) in parse.strokes.enumerated() {
            let centre = place(BSpline.evaluate(stroke, evaluationCount: 1)[0], scale: scale), radius = Double(max(3, 2 * scale))
            let ring = max(1, radius / 4)
            raster.fillDisc(center: centre, radius: radius, color: rim)
            raster.fillDisc(center: centre, radius: radius - ring, color: [255, 255, 255])
            raster.fillDisc(center: centre, radius: radius - 2 * ring, color: colour(k))
        }
        return raster
    }

    /// `rows` top to bottom on white, left-aligned.
    static func stacked(_ rows: [Raster]) -> Raster {
        var sheet = Raster.blank(width: rows.map(\.width).max() ?? 1, height: max(1, rows.reduce(0) { $0 + $1.height }))
        var top = 0
        for row in rows {
            for r in 0..<row.height {
                let source = r * row.width * 3, target = (top + r) * sheet.width * 3
                sheet.pixels.replaceSubrange(target..<(target + row.width * 3), with: row.pixels[source..<(source + row.width * 3)])
            }
            top += row.height
        }
        return sheet
    }
}
