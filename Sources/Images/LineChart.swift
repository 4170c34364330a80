import Foundation

/// Line charts (series of y against x) as RGB rasters, with axes, tick labels and a legend.
public struct LineChart {
    /// One curve.
    public struct Series {
        /// Legend label.
        public var label: String
        /// Colour.
        public var color: SIMD3<UInt8>
        /// (x, y) points in order.
        public var points: [SIMD2<Double>]
        /// A curve from its points.
        public init(label: String, color: SIMD3<UInt8>, points: [SIMD2<Double>]) {
            self.label = label
            self.color = color
            self.points = points
        }
    }

    /// Title above the plot.
    public var title: String
    /// Axis labels.
    public var xLabel: String, yLabel: String
    /// The curves.
    public var series: [Series]

    /// A chart of `series`.
    public init(title: String, xLabel: String, yLabel: String, series: [Series]) {
        self.title = title
        self.xLabel = xLabel
        self.yLabel = yLabel
        self.series = series
    }

    /// The chart drawn on a `width` x `height` raster.
    public func raster(width: Int = 640, height: Int = 400) -> Raster {
        var image = Raster.blank(width: width, height: height)
        let (left, right, top, bottom) = (70.0, Double(width) - 20, 40.0, Double(height) - 50)
        let points = series.flatMap(\.points)
        guard let minX = points.map(\.x).min(), let maxX = points.map(\.x).max(),
              let minY = points.map(\.y).min(), let maxY = points.map(\.y).max() else { return image }
        let spanX = max(maxX - minX, 1e-9), padY = max((maxY - minY) * 0.05, 1e-9)
        let (lowY, highY) = (minY - padY, maxY + padY)
        func position(_ p: SIMD2<Double>) -> SIMD2<Double> {
            SIMD2(left + (p.x - minX) / spanX * (right - left), bottom - (p.y - lowY) / (highY - lowY) * (bottom - top))
        }
        let axis = SIMD3<UInt8>(60, 60, 60), grid = SIMD3<UInt8>(225, 225, 225)
        for tick in 0...4 {
            let value = lowY + (highY - lowY) * Double(tick) / 4
            let y = position(SIMD2(minX, value)).y
            image.drawLine(from: SIMD2(left, y), to: SIMD2(right, y), color: grid)
            image.drawText(Self.format(value), x: 4, y: Int(y) - 3, color: axis)
        }
        for tick in 0...4 {
            let value = minX + spanX * Double(tick) / 4
            let x = position(SIMD2(value, lowY)).x
            image.drawText(Self.format(value), x: Int(x) - 10, y: Int(bottom) + 8, color: axis)
        }
        image.drawLine(from: SIMD2(left, top), to: SIMD2(left, bottom), color: axis)
        image.drawLine(from: SIMD2(left, bottom), to: SIMD2(right, bottom), color: axis)
        image.drawText(title, x: Int(left), y: 10, color: axis, scale: 2)
        image.drawText(xLabel, x: Int((left + right) / 2) - 3 * xLabel.count, y: height - 18, color: axis)
        image.drawText(yLabel, x: 4, y: Int(top) - 14, color: axis)
        for (index, curve) in series.enumerated() {
            for (a, b) in zip(curve.points, curve.points.dropFirst()) {
                image.drawLine(from: position(a), to: position(b), color: curve.color, thickness: 2)
            }
            for p in curve.points { image.fillDisc(center: position(p), radius: 2.5, color: curve.color) }
            let legendY = Int(top) + 6 + 14 * index
            image.fillRectangle(x: Int(right) - 150, y: legendY, width: 14, height: 7, color: curve.color)
            image.drawText(curve.label, x: Int(right) - 130, y: legendY, color: axis)
        }
        return image
    }

    /// Short tick labels: 3 significant digits.
    static func format(_ value: Double) -> String {
        let magnitude = abs(value)
        if magnitude >= 100 || magnitude == 0 { return String(Int(value.rounded())) }
        return magnitude >= 10 ? String(format: "%.1f", value) : String(format: "%.2f", value)
    }
}
