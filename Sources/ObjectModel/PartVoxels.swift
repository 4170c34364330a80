/// One part of an object: a box of voxels with a category, `lo` included and `hi` excluded on each axis
/// (x left to right, y up from the floor, z back to front).
public struct PartBox: Sendable, Equatable {
    /// The part's category ("seat", "leg", ...).
    public var category: String
    /// The box's first voxel on each axis.
    public var lo: SIMD3<Int>
    /// One past the box's last voxel on each axis.
    public var hi: SIMD3<Int>

    public init(category: String, lo: SIMD3<Int>, hi: SIMD3<Int>) {
        self.category = category
        self.lo = lo
        self.hi = hi
    }

    /// The box cut to a grid of side `size` (empty on an axis where nothing is left).
    public func clipped(to size: Int) -> PartBox {
        let zero = SIMD3<Int>(repeating: 0), side = SIMD3<Int>(repeating: size)
        return PartBox(category: category, lo: pointwiseMin(pointwiseMax(lo, zero), side), hi: pointwiseMin(pointwiseMax(hi, zero), side))
    }

    /// Whether the box holds no voxel.
    public var isEmpty: Bool { any(hi .<= lo) }
}

/// A part-labelled voxel grid: every voxel holds 0 (empty) or 1 + the index of the part that fills it, so
/// the grid says both which voxels are filled and which part each belongs to. Where parts overlap, the later
/// part owns the voxel (the canvas of the object model adds parts in order).
public struct PartVoxels: Sendable, Equatable {
    /// The grid's side, in voxels.
    public let size: Int
    /// The category of each part, in the order the parts were added.
    public private(set) var categories: [String]
    /// `size³` labels, x fastest, then y, then z.
    public private(set) var labels: [UInt8]

    /// The largest number of parts a grid holds (labels are bytes).
    public static let maximumParts = 255

    /// An empty grid of side `size`.
    public init(size: Int) {
        self.size = size
        categories = []
        labels = [UInt8](repeating: 0, count: size * size * size)
    }

    /// A grid from stored labels (a file's, say); throws unless there are `size³` of them, each at most
    /// `categories.count`.
    public init(size: Int, categories: [String], labels: [UInt8]) throws(ObjectModelError) {
        guard size > 0, labels.count == size * size * size else { throw .invalidLabels("\(labels.count) labels for a \(size)^3 grid") }
        guard categories.count <= Self.maximumParts else { throw .tooManyParts(Self.maximumParts) }
        if let wrong = labels.first(where: { Int($0) > categories.count }) {
            throw .invalidLabels("a voxel is labelled part \(wrong), but there are \(categories.count) parts")
        }
        self.size = size
        self.categories = categories
        self.labels = labels
    }

    /// The grid of `parts`, each rasterised in turn (cut to the grid). Throws naming a part that leaves no voxel
    /// on the grid or one part too many.
    public init(size: Int, parts: [PartBox]) throws(ObjectModelError) {
        self.init(size: size)
        for (index, part) in parts.enumerated() { try add(part, index: index) }
    }

    /// Adds `part` as the next part: its voxels (cut to the grid) now belong to it.
    public mutating func add(_ part: PartBox, index: Int? = nil) throws(ObjectModelError) {
        let clipped = part.clipped(to: size)
        guard !clipped.isEmpty else { throw .emptyPart(index: index ?? categories.count, lo: part.lo, hi: part.hi, size: size) }
        guard categories.count < Self.maximumParts else { throw .tooManyParts(Self.maximumParts) }
        categories.append(part.category)
        let label = UInt8(categories.count)
        for z in clipped.lo.z..<clipped.hi.z {
            for y in clipped.lo.y..<clipped.hi.y {
                let row = (z * size + y) * size
                for x in clipped.lo.x..<clipped.hi.x { labels[row + x] = label }
            }
        }
    }

    /// Adds a part given by its voxels: those where `occupancy` (`size³` values in the grid's order) is at least
    /// 0.5 now belong to it. A part may fill no voxel (a decoder's part can be empty); it still counts as a part.
    public mutating func add(category: String, occupancy: [Float]) throws(ObjectModelError) {
        guard occupancy.count == labels.count else {
            throw .invalidLabels("a part's voxels hold \(occupancy.count) values for a \(size)^3 grid")
        }
        guard categories.count < Self.maximumParts else { throw .tooManyParts(Self.maximumParts) }
        categories.append(category)
        let label = UInt8(categories.count)
        for (i, value) in occupancy.enumerated() where value >= 0.5 { labels[i] = label }
    }

    /// The label of voxel (x, y, z).
    public subscript(x x: Int, y y: Int, z z: Int) -> UInt8 { labels[(z * size + y) * size + x] }

    /// The number of filled voxels.
    public var filledCount: Int { labels.reduce(0) { $0 + ($1 == 0 ? 0 : 1) } }

    /// 1 where a voxel is filled, 0 elsewhere, in the grid's order: the occupancy the networks see.
    public var occupancy: [Float] { labels.map { $0 == 0 ? 0 : 1 } }
}
