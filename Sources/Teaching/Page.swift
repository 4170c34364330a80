import Foundation
import Images

/// What the teaching pages share: images inlined as `data:` URLs, data embedded as JSON, one stylesheet, and the
/// page skeleton. Pages are single files with no network access and no external scripts, so a class can open
/// them from a USB stick.
enum Page {
    /// `raster` as a `data:image/png;base64,...` URL.
    static func dataURL(_ raster: Raster) -> String {
        "data:image/png;base64," + Data(PNG.encode(raster)).base64EncodedString()
    }

    /// `value` as JSON that is safe inside a `<script>` element (no `</script>` can close it early).
    static func json(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let text = String(decoding: try encoder.encode(value), as: UTF8.self)
        return text.replacingOccurrences(of: "</", with: "<\\/")
    }

    /// `text` with HTML's special characters escaped.
    static func escape(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }

    /// A whole page: `title`, the shared style plus `style`, `body`, and `script` run with `data` (JSON) bound
    /// to the constant `DATA`.
    static func document(title: String, style: String = "", body: String, data: String, script: String) -> String {
        """
        <!DOCTYPE html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(escape(title))</title>
        <style>
        body { font-family: system-ui, sans-serif; margin: 1.5em auto; max-width: 60em; color: #222; padding: 0 1em; }
        h1 { font-size: 1.5em; margin-bottom: 0.2em; }
        .note { color: #666; font-size: 0.9em; }
        .status { font-size: 1.1em; margin: 0.8em 0; }
        img.char { width: 105px; height: 105px; border: 1px solid #bbb; background: white; image-rendering: pixelated; }
        button.pick { padding: 4px; margin: 3px; border: 2px solid transparent; background: #f4f4f4; cursor: pointer; border-radius: 6px; }
        button.pick:hover { border-color: #4a7bd0; }
        .grid3 { display: grid; grid-template-columns: repeat(3, auto); justify-content: start; gap: 2px; }
        .right { background: #d9f2d9 !important; } .wrong { background: #f7d4d4 !important; }
        table.results { border-collapse: collapse; margin: 1em 0; } table.results td, table.results th { border: 1px solid #ccc; padding: 4px 8px; text-align: center; }
        .hidden { display: none; }
        \(style)
        </style>
        </head>
        <body>
        \(body)
        <script>
        "use strict";
        const DATA = \(data);
        \(script)
        </script>
        </body>
        </html>
        """
    }

    /// JavaScript shared by the pages: `el(tag, attributes, children)` builds DOM nodes, `barChart(bars)`
    /// draws an inline SVG bar chart of percentages (each bar `{label, value, low?, high?, colour}`, an optional
    /// interval drawn as a whisker, and an optional dashed reference line).
    static let scriptLibrary = """
        function el(tag, attributes, children) {
          const node = tag === "svg" || tag === "rect" || tag === "line" || tag === "text" || tag === "g"
            ? document.createElementNS("http://www.w3.org/2000/svg", tag) : document.createElement(tag);
          for (const [key, value] of Object.entries(attributes || {})) node.setAttribute(key, value);
          for (const child of [].concat(children || [])) node.append(child);
          return node;
        }
        function barChart(id, bars, reference) {
          const width = 120 * bars.length + 80, height = 240, base = 200, top = 20, scale = (base - top) / 100;
          const svg = el("svg", {id: id, width: width, height: height, viewBox: `0 0 ${width} ${height}`, role: "img"});
          for (const tick of [0, 25, 50, 75, 100]) {
            const y = base - tick * scale;
            svg.append(el("line", {x1: 40, x2: width - 10, y1: y, y2: y, stroke: "#ddd"}));
            svg.append(el("text", {x: 34, y: y + 4, "text-anchor": "end", "font-size": 11, fill: "#666"}, `${tick}%`));
          }
          bars.forEach((bar, i) => {
            const x = 60 + 120 * i, h = bar.value * scale;
            svg.append(el("rect", {class: "bar", "data-label": bar.label, "data-value": bar.value.toFixed(1),
                                   x: x, y: base - h, width: 70, height: h, fill: bar.colour}));
            // With a whisker, the value goes beside the bar's top instead of under the whisker.
            const beside = bar.low !== undefined;
            svg.append(el("text", {x: beside ? x + 74 : x + 35, y: beside ? base - h + 14 : base - h - 6,
                                   "text-anchor": beside ? "start" : "middle", "font-size": 13}, `${bar.value.toFixed(0)}%`));
            svg.append(el("text", {x: x + 35, y: base + 18, "text-anchor": "middle", "font-size": 13}, bar.label));
            if (bar.low !== undefined) {
              const y1 = base - bar.low * scale, y2 = base - bar.high * scale;
              svg.append(el("line", {class: "interval", x1: x + 35, x2: x + 35, y1: y1, y2: y2, stroke: "#222", "stroke-width": 2}));
              for (const y of [y1, y2]) svg.append(el("line", {x1: x + 25, x2: x + 45, y1: y, y2: y, stroke: "#222", "stroke-width": 2}));
            }
          });
          if (reference !== undefined) {
            const y = base - reference * scale;
            svg.append(el("line", {x1: 40, x2: width - 10, y1: y, y2: y, stroke: "#c33", "stroke-dasharray": "6 4"}));
          }
          return svg;
        }
        // A test hook: page.html#gns-test=1,4,0 makes these choices on load, so a headless browser can play.
        function playFromHash(choose) {
          const match = location.hash.match(/gns-test=([0-9,]*)/);
          if (!match) return;
          for (const choice of match[1].split(",").filter(s => s.length > 0)) choose(Number(choice));
        }
        """
}
