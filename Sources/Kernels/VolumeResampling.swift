/// Halving and doubling voxel volumes by 2×2×2 blocks: average pooling is `blockSum` scaled by 1/8, nearest
/// upsampling is `spread`, and each kernel is the other's adjoint, so the two operations' backward passes
/// are the same two kernels.
///
/// Volumes are `planes` (batch·channels) consecutive [depth, height, width] grids, every extent of the large
/// side even.
public enum VolumeResampling {
    /// output[p, z, y, x] = scale · Σ input[p, 2z..2z+1, 2y..2y+1, 2x..2x+1], overwriting `output`
    /// ([planes, depth/2, height/2, width/2]); `depth`, `height`, `width` are the input's.
    public static func blockSum(planes: Int, depth: Int, height: Int, width: Int, scale: Float,
                                input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>) {
        let (od, oh, ow) = (depth / 2, height / 2, width / 2)
        forEachPlaneHalf(planes, volume: depth * height * width) { range in
            let pairs = UnsafeMutablePointer<Float>.allocate(capacity: ow)
            defer { pairs.deallocate() }
            for plane in range {
                for z in 0..<od {
                    for y in 0..<oh {
                        let target = output + ((plane * od + z) * oh + y) * ow
                        Span.fill(pairs, with: 0, count: ow)
                        for dz in 0..<2 {
                            for dy in 0..<2 {
                                addPairSums(input + ((plane * depth + 2 * z + dz) * height + 2 * y + dy) * width, to: pairs, count: ow)
                            }
                        }
                        for x in 0..<ow { target[x] = scale * pairs[x] }
                    }
                }
            }
        }
    }

    /// output[p, 2z + i, 2y + j, 2x + k] = scale · input[p, z, y, x] for i, j, k in {0, 1}, overwriting `output`
    /// ([planes, 2·depth, 2·height, 2·width]); `depth`, `height`, `width` are the input's.
    public static func spread(planes: Int, depth: Int, height: Int, width: Int, scale: Float,
                              input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>) {
        let (od, oh, ow) = (2 * depth, 2 * height, 2 * width)
        forEachPlaneHalf(planes, volume: od * oh * ow) { range in
            for plane in range {
                for z in 0..<depth {
                    for y in 0..<height {
                        let source = input + ((plane * depth + z) * height + y) * width
                        let row = output + ((plane * od + 2 * z) * oh + 2 * y) * ow
                        for x in 0..<width {
                            let value = scale * source[x]
                            row[2 * x] = value
                            row[2 * x + 1] = value
                        }
                        // The other three rows of the block are copies of the first.
                        Span.copy(row, to: row + ow, count: ow)
                        Span.copy(row, to: row + oh * ow, count: 2 * ow)
                    }
                }
            }
        }
    }

    /// pairs[x] += row[2x] + row[2x + 1] for x in 0..<count, eight at a time.
    @inline(__always)
    private static func addPairSums(_ row: UnsafePointer<Float>, to pairs: UnsafeMutablePointer<Float>, count: Int) {
        var x = 0
        while x + 8 <= count {
            let both = UnsafeRawPointer(row + 2 * x).loadUnaligned(as: SIMD16<Float>.self)
            let sum = UnsafeRawPointer(pairs + x).loadUnaligned(as: SIMD8<Float>.self) + both.evenHalf + both.oddHalf
            UnsafeMutableRawPointer(pairs + x).storeBytes(of: sum, as: SIMD8<Float>.self)
            x += 8
        }
        while x < count {
            pairs[x] += row[2 * x] + row[2 * x + 1]
            x += 1
        }
    }

    /// Planes are independent: split them over the cores when there is enough work (a batch of feature volumes).
    private static func forEachPlaneHalf(_ planes: Int, volume: Int, _ body: (Range<Int>) -> Void) {
        Parallel.forEachHalf(of: planes, splitting: planes * volume >= 1 << 17, body)
    }
}
