import Render

/// Points in the plane, stored for ``ModifiedHausdorff``: the ink of a binary image centred on its mean (the
/// representation the official Omniglot release's classification baseline compares, `demo_classification` in
/// brendenlake/omniglot: image space (row, column) of every ink pixel minus their mean, so a drawing's position
/// on the canvas does not matter), or any points as they are (strokes compared where they lie).
public struct PointSet: Sendable {
    /// First coordinates, padded with `.infinity` to a multiple of the SIMD width.
    let rows: [Double]
    /// Second coordinates, padded like `rows`.
    let columns: [Double]
    /// The number of points.
    public let count: Int

    /// The ink pixels of `image` as (row, column), minus their mean.
    public init(centredInkOf image: BinaryImage) {
        let ink = image.inkPixels.map { SIMD2(Double($0.x), Double($0.y)) }
        let mean = ink.reduce(SIMD2<Double>.zero, +) / Double(max(1, ink.count))
        self.init(ink.map { $0 - mean })
    }

    /// `points` as they are.
    public init(_ points: [SIMD2<Double>]) {
        count = points.count
        let padded = (count + Lanes.scalarCount - 1) / Lanes.scalarCount * Lanes.scalarCount
        var rows = [Double](repeating: .infinity, count: padded), columns = rows
        for (i, point) in points.enumerated() {
            rows[i] = point.x
            columns[i] = point.y
        }
        self.rows = rows
        self.columns = columns
    }

    typealias Lanes = SIMD4<Double>
}

/// The modified Hausdorff distance of Dubuisson & Jain (1994), the official Omniglot baseline's cost: the
/// larger of the two mean distances from each point of one set to its nearest point in the other.
public enum ModifiedHausdorff {
    /// max(mean over a of min over b |a - b|, mean over b of min over a |a - b|), in pixels. Infinite when
    /// either image has no ink (no nearest point exists), so a blank image is never the best match.
    public static func distance(_ a: PointSet, _ b: PointSet) -> Double {
        guard a.count > 0, b.count > 0 else { return .infinity }
        typealias Lanes = PointSet.Lanes
        let width = Lanes.scalarCount
        // One pass over the a x b squared distances keeps both nearest-neighbour minima: a's per row in a
        // register, b's per column in `nearestToB`.
        var nearestToB = [Lanes](repeating: Lanes(repeating: .infinity), count: b.rows.count / width)
        var sumA = 0.0
        b.rows.withUnsafeBufferPointer { bRows in
            b.columns.withUnsafeBufferPointer { bColumns in
                nearestToB.withUnsafeMutableBufferPointer { nearest in
                    for i in 0..<a.count {
                        let row = Lanes(repeating: a.rows[i]), column = Lanes(repeating: a.columns[i])
                        var nearestToA = Lanes(repeating: .infinity)
                        for block in 0..<nearest.count {
                            let dr = Lanes(bRows[(block * width)..<((block + 1) * width)]) - row
                            let dc = Lanes(bColumns[(block * width)..<((block + 1) * width)]) - column
                            let squared = dr * dr + dc * dc
                            nearestToA = pointwiseMin(nearestToA, squared)
                            nearest[block] = pointwiseMin(nearest[block], squared)
                        }
                        sumA += nearestToA.min().squareRoot()
                    }
                }
            }
        }
        var sumB = 0.0
        for block in nearestToB.indices {
            for lane in 0..<width where block * width + lane < b.count { sumB += nearestToB[block][lane].squareRoot() }
        }
        return max(sumA / Double(a.count), sumB / Double(b.count))
    }
}
