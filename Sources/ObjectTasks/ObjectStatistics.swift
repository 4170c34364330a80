import ObjectModel

/// What a set of objects looks like, as the object domain's sample quality is measured (issue: samples against
/// the training distribution): how many parts, which categories, and how many are physically plausible.
public struct ObjectStatistics: Sendable, Equatable {
    /// How many objects were counted.
    public private(set) var objects = 0
    /// Objects by number of parts.
    public private(set) var partCounts: [Int: Int] = [:]
    /// Parts by category, over every object.
    public private(set) var categories: [String: Int] = [:]
    /// Objects whose filled voxels form one 6-connected piece.
    public private(set) var connected = 0
    /// Objects that stand: some voxel on the floor (y = 0), and every leg that kept a voxel reaches it.
    public private(set) var standing = 0
    /// Objects that are both: physically plausible.
    public private(set) var plausible = 0

    /// The statistics of `objects`.
    public init(_ objects: [PartVoxels]) {
        for object in objects { add(object) }
    }

    /// Counts one more object.
    public mutating func add(_ object: PartVoxels) {
        objects += 1
        partCounts[object.categories.count, default: 0] += 1
        for name in object.categories { categories[name, default: 0] += 1 }
        let (isConnected, isStanding) = (Self.isConnected(object), Self.isStanding(object))
        connected += isConnected ? 1 : 0
        standing += isStanding ? 1 : 0
        plausible += isConnected && isStanding ? 1 : 0
    }

    /// Mean parts per object.
    public var meanPartCount: Double {
        objects == 0 ? 0 : Double(partCounts.reduce(0) { $0 + $1.key * $1.value }) / Double(objects)
    }

    /// Whether the filled voxels form a single piece, neighbours sharing a face (an empty grid is not).
    public static func isConnected(_ object: PartVoxels) -> Bool {
        let size = object.size, labels = object.labels
        guard let start = labels.firstIndex(where: { $0 != 0 }) else { return false }
        var seen = [Bool](repeating: false, count: labels.count)
        var stack = [start]
        seen[start] = true
        var reached = 0
        func visit(_ neighbour: Int) {
            if labels[neighbour] != 0, !seen[neighbour] {
                seen[neighbour] = true
                stack.append(neighbour)
            }
        }
        while let index = stack.popLast() {
            reached += 1
            let (x, y, z) = (index % size, (index / size) % size, index / (size * size))
            if x > 0 { visit(index - 1) }
            if x < size - 1 { visit(index + 1) }
            if y > 0 { visit(index - size) }
            if y < size - 1 { visit(index + size) }
            if z > 0 { visit(index - size * size) }
            if z < size - 1 { visit(index + size * size) }
        }
        return reached == labels.lazy.filter { $0 != 0 }.count
    }

    /// Whether the object stands on the floor: it has a voxel at y = 0, and so does every "leg" part that still
    /// owns voxels (a part painted over by later parts owns none and is not judged).
    public static func isStanding(_ object: PartVoxels) -> Bool {
        let size = object.size, labels = object.labels
        var owns = [Bool](repeating: false, count: object.categories.count + 1)
        var onFloor = [Bool](repeating: false, count: object.categories.count + 1)
        for index in labels.indices where labels[index] != 0 {
            let label = Int(labels[index])
            owns[label] = true
            if (index / size) % size == 0 { onFloor[label] = true }
        }
        guard onFloor.contains(true) else { return false }
        return object.categories.indices.allSatisfy { part in
            object.categories[part] != "leg" || !owns[part + 1] || onFloor[part + 1]
        }
    }
}

extension ObjectStatistics {
    /// A Markdown table of `sets` side by side (e.g. samples and training objects), one column per set.
    public static func table(_ sets: [(name: String, statistics: ObjectStatistics)]) -> String {
        func percent(_ count: Int, of total: Int) -> String { total == 0 ? "-" : String(format: "%.1f %%", 100 * Double(count) / Double(total)) }
        func row(_ label: String, _ cell: (ObjectStatistics) -> String) -> String {
            "| \(label) | " + sets.map { cell($0.statistics) }.joined(separator: " | ") + " |"
        }
        var lines = ["| | " + sets.map(\.name).joined(separator: " | ") + " |", "|---|" + String(repeating: "---:|", count: sets.count)]
        lines.append(row("objects") { "\($0.objects)" })
        lines.append(row("mean parts per object") { String(format: "%.2f", $0.meanPartCount) })
        let counts = Set(sets.flatMap { $0.statistics.partCounts.keys }).sorted()
        for count in counts { lines.append(row("objects with \(count) part\(count == 1 ? "" : "s")") { percent($0.partCounts[count] ?? 0, of: $0.objects) }) }
        let names = Set(sets.flatMap { $0.statistics.categories.keys }).sorted()
        for name in names {
            lines.append(row("parts that are \(name)") { percent($0.categories[name] ?? 0, of: $0.categories.values.reduce(0, +)) })
        }
        lines.append(row("one connected piece") { percent($0.connected, of: $0.objects) })
        lines.append(row("standing (floor reached, every leg on it)") { percent($0.standing, of: $0.objects) })
        lines.append(row("**plausible** (both)") { percent($0.plausible, of: $0.objects) })
        return lines.joined(separator: "\n")
    }
}
