import Images
import ObjectModel

/// A grid of objects drawn as shaded voxels in an isometric view, parts coloured by category: how `gns objects`
/// shows training objects and samples.
public struct ObjectSheet {
    /// Pixels per voxel edge on screen.
    public var voxelPixels: Int
    /// The categories in palette order: category i gets colour i (categories not listed get grey).
    public var categories: [String]

    /// Gap between cells, in pixels.
    static let gap = 4
    /// Distinct colours for up to eight categories (Tableau-like), then grey.
    static let palette: [SIMD3<Double>] = [
        [78, 121, 167], [242, 142, 43], [225, 87, 89], [118, 183, 178], [89, 161, 79], [237, 201, 72], [176, 122, 161], [156, 117, 95],
    ]
    /// Brightness of the three visible faces: top, left (+z), right (+x).
    static let shades: [Double] = [1.0, 0.78, 0.6]

    public init(categories: [String], voxelPixels: Int = 3) {
        self.categories = categories
        self.voxelPixels = voxelPixels
    }

    /// One cell's side for grids of side `size`: the projected grid is 2 cos 30° size wide and 2 size tall.
    func cellSide(size: Int) -> Int { 2 * size * voxelPixels + 3 }

    static let cos30 = 0.8660254037844386

    /// The colour of category `name`.
    public func colour(of name: String) -> SIMD3<Double> {
        categories.firstIndex(of: name).map { Self.palette[$0 % Self.palette.count] } ?? [150, 150, 150]
    }

    /// The objects side by side on a light background, `columns` to a row (default: a near-square grid).
    public func raster(_ objects: [PartVoxels], columns: Int? = nil) -> Raster {
        let size = objects.first?.size ?? 1
        let cell = cellSide(size: size)
        let columns = max(1, columns ?? Int(Double(objects.count).squareRoot().rounded(.up)))
        let rows = max(1, (objects.count + columns - 1) / columns)
        var raster = Raster(width: columns * (cell + Self.gap) + Self.gap, height: rows * (cell + Self.gap) + Self.gap,
                            channels: 3, filledWith: 235)
        for (index, object) in objects.enumerated() {
            let originX = Self.gap + (index % columns) * (cell + Self.gap), originY = Self.gap + (index / columns) * (cell + Self.gap)
            raster.fillRectangle(x: originX, y: originY, width: cell, height: cell, color: [255, 255, 255])
            draw(object, into: &raster, originX: originX, originY: originY)
        }
        return raster
    }

    /// Draws the visible faces of every filled voxel, far ones first (painter's order: the viewer looks from
    /// +x, +y, +z, so a larger x + y + z is nearer).
    func draw(_ object: PartVoxels, into raster: inout Raster, originX: Int, originY: Int) {
        let n = object.size, s = Double(voxelPixels)
        // Screen position of grid corner (x, y, z): u right, v down; the whole grid's projection fits the cell.
        func project(_ x: Double, _ y: Double, _ z: Double) -> SIMD2<Double> {
            SIMD2(Double(originX) + 1 + (x - z + Double(n)) * Self.cos30 * s,
                  Double(originY) + 1 + ((x + z) * 0.5 - y + Double(n)) * s)
        }
        var order: [(sum: Int, x: Int, y: Int, z: Int)] = []
        for z in 0..<n { for y in 0..<n { for x in 0..<n where object[x: x, y: y, z: z] != 0 { order.append((x + y + z, x, y, z)) } } }
        order.sort { $0.sum < $1.sum }
        for voxel in order {
            let base = colour(of: object.categories[Int(object[x: voxel.x, y: voxel.y, z: voxel.z]) - 1])
            let (x, y, z) = (Double(voxel.x), Double(voxel.y), Double(voxel.z))
            let faces: [[SIMD2<Double>]] = [
                [project(x, y + 1, z), project(x + 1, y + 1, z), project(x + 1, y + 1, z + 1), project(x, y + 1, z + 1)],
                [project(x, y, z + 1), project(x + 1, y, z + 1), project(x + 1, y + 1, z + 1), project(x, y + 1, z + 1)],
                [project(x + 1, y, z), project(x + 1, y, z + 1), project(x + 1, y + 1, z + 1), project(x + 1, y + 1, z)],
            ]
            for (face, shade) in zip(faces, Self.shades) {
                let c = base * shade
                raster.fillConvexPolygon(face, color: SIMD3(UInt8(c.x), UInt8(c.y), UInt8(c.z)))
            }
        }
    }
}
