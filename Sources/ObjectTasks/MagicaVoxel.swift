import ObjectModel

/// MagicaVoxel's `.vox` format (version 150), which MagicaVoxel, Blender add-ons and most voxel viewers open:
/// a `MAIN` chunk holding `SIZE` (the grid), `XYZI` (one (x, y, z, colour index) per filled voxel) and `RGBA`
/// (the palette). MagicaVoxel's z axis points up, so the grid's y (up) is written as z and its z as y.
public enum MagicaVoxel {
    /// The `.vox` bytes of `object`, each part coloured by its category (`colour(category)`, 0-255 RGB).
    public static func encode(_ object: PartVoxels, colour: (String) -> SIMD3<Double>) -> [UInt8] {
        // Palette index i + 1 (1...255) is category i of the object's category list.
        var categories: [String] = []
        for name in object.categories where !categories.contains(name) { categories.append(name) }
        var voxels: [UInt8] = []
        let n = object.size
        for z in 0..<n { for y in 0..<n { for x in 0..<n {
            let label = Int(object[x: x, y: y, z: z])
            guard label != 0 else { continue }
            let index = categories.firstIndex(of: object.categories[label - 1])! + 1
            voxels += [UInt8(x), UInt8(z), UInt8(y), UInt8(min(index, 255))]
        } } }
        var palette = [UInt8](repeating: 255, count: 256 * 4)
        for (i, name) in categories.prefix(255).enumerated() {
            let c = colour(name)
            palette[i * 4] = UInt8(c.x); palette[i * 4 + 1] = UInt8(c.y); palette[i * 4 + 2] = UInt8(c.z)
        }
        let children = chunk("SIZE", int32(n) + int32(n) + int32(n))
            + chunk("XYZI", int32(voxels.count / 4) + voxels)
            + chunk("RGBA", palette)
        return Array("VOX ".utf8) + int32(150) + Array("MAIN".utf8) + int32(0) + int32(children.count) + children
    }

    static func chunk(_ id: String, _ content: [UInt8]) -> [UInt8] {
        Array(id.utf8) + int32(content.count) + int32(0) + content
    }

    static func int32(_ value: Int) -> [UInt8] {
        withUnsafeBytes(of: Int32(value).littleEndian, Array.init)
    }
}
