/// Simple drawing on RGB rasters, for charts and annotated pictures.
extension Raster {
    /// A white RGB canvas.
    public static func blank(width: Int, height: Int) -> Raster {
        Raster(width: width, height: height, channels: 3, filledWith: 255)
    }

    /// Sets pixel (x, y) to `color` if it lies on the raster (channels 0-2; RGB rasters only).
    public mutating func plot(_ x: Int, _ y: Int, _ color: SIMD3<UInt8>) {
        guard x >= 0, y >= 0, x < width, y < height, channels >= 3 else { return }
        let base = (y * width + x) * channels
        pixels[base] = color.x
        pixels[base + 1] = color.y
        pixels[base + 2] = color.z
    }

    /// A line from `a` to `b` (pixel coordinates, y down), `thickness` pixels wide.
    public mutating func drawLine(from a: SIMD2<Double>, to b: SIMD2<Double>, color: SIMD3<UInt8>, thickness: Int = 1) {
        let steps = max(Int((b - a).absoluteMax().rounded(.up)), 1)
        for i in 0...steps {
            let p = a + (b - a) * (Double(i) / Double(steps))
            fillRectangle(x: Int(p.x.rounded()) - thickness / 2, y: Int(p.y.rounded()) - thickness / 2,
                          width: thickness, height: thickness, color: color)
        }
    }

    /// A filled axis-aligned rectangle.
    public mutating func fillRectangle(x: Int, y: Int, width w: Int, height h: Int, color: SIMD3<UInt8>) {
        for row in y..<(y + max(h, 0)) { for column in x..<(x + max(w, 0)) { plot(column, row, color) } }
    }

    /// A filled convex polygon with corners `corners` (pixel coordinates, y down, in either winding order):
    /// every pixel whose centre lies inside or on the edge.
    public mutating func fillConvexPolygon(_ corners: [SIMD2<Double>], color: SIMD3<UInt8>) {
        guard corners.count >= 3 else { return }
        let xs = corners.map(\.x), ys = corners.map(\.y)
        let left = max(0, Int(xs.min()!.rounded(.down))), right = min(width - 1, Int(xs.max()!.rounded(.up)))
        let top = max(0, Int(ys.min()!.rounded(.down))), bottom = min(height - 1, Int(ys.max()!.rounded(.up)))
        guard left <= right, top <= bottom else { return }
        for row in top...bottom {
            for column in left...right {
                let p = SIMD2(Double(column) + 0.5, Double(row) + 0.5)
                var positive = false, negative = false
                for i in corners.indices {
                    let a = corners[i], b = corners[(i + 1) % corners.count]
                    let cross = (b.x - a.x) * (p.y - a.y) - (b.y - a.y) * (p.x - a.x)
                    if cross > 1e-9 { positive = true } else if cross < -1e-9 { negative = true }
                }
                if !(positive && negative) { plot(column, row, color) }
            }
        }
    }

    /// A filled disc of `radius` pixels centred at `center`.
    public mutating func fillDisc(center: SIMD2<Double>, radius: Double, color: SIMD3<UInt8>) {
        let r = Int(radius.rounded(.up))
        for dy in -r...r { for dx in -r...r where Double(dx * dx + dy * dy) <= radius * radius {
            plot(Int(center.x.rounded()) + dx, Int(center.y.rounded()) + dy, color)
        } }
    }

    /// `text` in a 5x7 pixel font scaled by `scale`, top-left corner at (x, y); letters print as capitals,
    /// characters the font lacks as blanks.
    public mutating func drawText(_ text: String, x: Int, y: Int, color: SIMD3<UInt8>, scale: Int = 1) {
        var cursor = x
        for character in text.uppercased() {
            if let rows = BitmapFont.glyphs[character] {
                for (row, bits) in rows.enumerated() {
                    for column in 0..<5 where bits & (1 << (4 - column)) != 0 {
                        fillRectangle(x: cursor + column * scale, y: y + row * scale, width: scale, height: scale, color: color)
                    }
                }
            }
            cursor += 6 * scale
        }
    }
}

extension SIMD2 where Scalar == Double {
    fileprivate func absoluteMax() -> Double { Swift.max(Swift.abs(x), Swift.abs(y)) }
}

/// A 5x7 pixel font: each glyph is seven rows of five bits, most significant bit on the left.
enum BitmapFont {
    static let glyphs: [Character: [UInt8]] = {
        let table: [(Character, [UInt8])] = [
            ("0", [14, 17, 19, 21, 25, 17, 14]), ("1", [4, 12, 4, 4, 4, 4, 14]), ("2", [14, 17, 1, 2, 4, 8, 31]),
            ("3", [31, 2, 4, 2, 1, 17, 14]), ("4", [2, 6, 10, 18, 31, 2, 2]), ("5", [31, 16, 30, 1, 1, 17, 14]),
            ("6", [6, 8, 16, 30, 17, 17, 14]), ("7", [31, 1, 2, 4, 8, 8, 8]), ("8", [14, 17, 17, 14, 17, 17, 14]),
            ("9", [14, 17, 17, 15, 1, 2, 12]), ("A", [14, 17, 17, 31, 17, 17, 17]), ("B", [30, 17, 17, 30, 17, 17, 30]),
            ("C", [14, 17, 16, 16, 16, 17, 14]), ("D", [28, 18, 17, 17, 17, 18, 28]), ("E", [31, 16, 16, 30, 16, 16, 31]),
            ("F", [31, 16, 16, 30, 16, 16, 16]), ("G", [14, 17, 16, 23, 17, 17, 15]), ("H", [17, 17, 17, 31, 17, 17, 17]),
            ("I", [14, 4, 4, 4, 4, 4, 14]), ("J", [7, 2, 2, 2, 2, 18, 12]), ("K", [17, 18, 20, 24, 20, 18, 17]),
            ("L", [16, 16, 16, 16, 16, 16, 31]), ("M", [17, 27, 21, 21, 17, 17, 17]), ("N", [17, 17, 25, 21, 19, 17, 17]),
            ("O", [14, 17, 17, 17, 17, 17, 14]), ("P", [30, 17, 17, 30, 16, 16, 16]), ("Q", [14, 17, 17, 17, 21, 18, 13]),
            ("R", [30, 17, 17, 30, 20, 18, 17]), ("S", [15, 16, 16, 14, 1, 1, 30]), ("T", [31, 4, 4, 4, 4, 4, 4]),
            ("U", [17, 17, 17, 17, 17, 17, 14]), ("V", [17, 17, 17, 17, 17, 10, 4]), ("W", [17, 17, 17, 21, 21, 21, 10]),
            ("X", [17, 17, 10, 4, 10, 17, 17]), ("Y", [17, 17, 17, 10, 4, 4, 4]), ("Z", [31, 1, 2, 4, 8, 16, 31]),
            (".", [0, 0, 0, 0, 0, 12, 12]), ("-", [0, 0, 0, 31, 0, 0, 0]), (":", [0, 12, 12, 0, 12, 12, 0]),
            ("/", [1, 1, 2, 4, 8, 16, 16]), ("(", [2, 4, 8, 8, 8, 4, 2]), (")", [8, 4, 2, 2, 2, 4, 8]),
            (",", [0, 0, 0, 0, 12, 4, 8]), ("=", [0, 0, 31, 0, 31, 0, 0]), ("+", [0, 4, 4, 31, 4, 4, 0]),
            ("%", [24, 25, 2, 4, 8, 19, 3]), ("_", [0, 0, 0, 0, 0, 0, 31]), (" ", [0, 0, 0, 0, 0, 0, 0]),
        ]
        return Dictionary(uniqueKeysWithValues: table)
    }()
}
