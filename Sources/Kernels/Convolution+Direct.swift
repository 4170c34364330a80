/// Size-keeping stride-1 convolutions (the GNS nets' 3x3, padding-1 layers) without im2col: the register tile
/// reads its B vectors straight out of a zero-padded copy of the input.
///
/// In a padded plane `paddedWidth` floats wide, the input under tap (ky, kx) of output pixel q (counted along the
/// padded rows) sits at q + ky·paddedWidth + kx. Sixteen consecutive q are therefore sixteen consecutive floats
/// for every tap, so a 6 x 16 tile of outputs needs no unfolded matrix: per input channel and tap, two loads
/// at a shifted address and six broadcast weights. The price is computing the outputs that fall in the padding
/// columns (2 of 16 per row at 14x14) and throwing them away. The unfolding it replaces wrote nine copies of the
/// input and cost as much as a fifth of a small-plane convolution.
///
/// Images are stacked in one tall padded plane per channel, `padding` zero rows apart (each gap is the bottom
/// padding of one image and the top padding of the next), so 7x7 and 3x3 planes still fill whole tiles.
enum DirectConvolution {
    typealias Lane = SIMD8<Float>

    /// Whether `shape` is one this path computes, and faster than im2col: stride 1 and an output as large as the
    /// input, patches at least 72 deep (with fewer input channels the tile's stores and the copy out of the
    /// stack outweigh its few steps) and planes at least 14 wide (a 7x7 plane is 32% padding columns, a 3x3 one
    /// 44%: there im2col was as fast or faster).
    static func applies(to shape: ConvolutionShape) -> Bool {
        shape.stride == 1 && 2 * shape.padding == shape.kernelSize - 1 && shape.patchSize >= 72 && shape.width >= 14
    }

    /// Products below which a call stays on one core (a 3x3 plane of a few images is a few microseconds).
    static let parallelWork = 1 << 18

    /// ``Convolution/forward(_:input:weight:bias:output:)`` for shapes this path ``applies(to:)``.
    static func forward(_ shape: ConvolutionShape, input: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                        bias: UnsafePointer<Float>?, output: UnsafeMutablePointer<Float>) {
        let layout = Layout(shape)
        let depth = shape.patchSize, blocks = layout.outputBlocks
        // Weights as Gemm packs its A panels, [block][depth][6]: the tile's six broadcasts of a step are adjacent
        // (rows past O are zero).
        let packed = UnsafeMutablePointer<Float>.allocate(capacity: blocks * depth * Tile.rows)
        defer { packed.deallocate() }
        Operands(transposeA: false, transposeB: false, a: weight, lda: depth, b: weight, ldb: 0)
            .packA(into: packed, row0: 0, rows: shape.outChannels, depth0: 0, depth: depth)
        // Where step (c, ky, kx) of a tile reads B, from the tile's first output in the first plane.
        let offsets = (0..<shape.inChannels).flatMap { c in
            (0..<shape.kernelSize).flatMap { ky in (0..<shape.kernelSize).map { kx in c * layout.planeStride + ky * layout.paddedWidth + kx } }
        }
        let work = shape.batch * shape.outChannels * shape.outputPlane * depth
        // Each worker stacks every group itself and computes its half of the group's tiles: one fork-join per
        // call, and the halves write disjoint outputs. (Stacking twice costs far less than a second hand-off.)
        Parallel.forEachHalf(of: 2, splitting: work >= parallelWork) { halves in
            let planes = UnsafeMutablePointer<Float>.allocate(capacity: shape.inChannels * layout.planeStride)
            let products = UnsafeMutablePointer<Float>.allocate(capacity: blocks * Tile.rows * layout.positions(layout.groupSize))
            defer { planes.deallocate(); products.deallocate() }
            offsets.withUnsafeBufferPointer { offsets in
                for first in stride(from: 0, to: shape.batch, by: layout.groupSize) {
                    let images = first..<min(first + layout.groupSize, shape.batch)
                    let positions = layout.positions(images.count)
                    let tiles = positions / Tile.columns
                    let part = tiles * halves.lowerBound / 2 * Tile.columns..<tiles * halves.upperBound / 2 * Tile.columns
                    guard !part.isEmpty else { continue }
                    layout.stack(images, of: input, into: planes)
                    for q in stride(from: part.lowerBound, to: part.upperBound, by: Tile.columns) {
                        for block in 0..<blocks {
                            tile(depth: depth, offsets: offsets.baseAddress!, a: packed + block * depth * Tile.rows, b: planes + q,
                                 into: products + block * Tile.rows * positions + q, ldc: positions)
                        }
                    }
                    layout.unstack(images, positions: part, products: products, productStride: positions, bias: bias, into: output)
                }
            }
        }
    }

    /// Where images, their padding and the computed outputs sit in the stacked planes.
    struct Layout {
        let shape: ConvolutionShape
        let paddedWidth: Int
        /// Rows per stacked image: its own and the zero rows that follow it.
        let imageRows: Int
        /// Images stacked together (the planes of a group stay within about 256 KB of L2).
        let groupSize: Int
        /// Floats from one channel's stacked plane to the next (a whole group's).
        let planeStride: Int
        /// Six-row blocks of output channels.
        var outputBlocks: Int { (shape.outChannels + Tile.rows - 1) / Tile.rows }

        init(_ shape: ConvolutionShape) {
            self.shape = shape
            paddedWidth = shape.width + 2 * shape.padding
            imageRows = shape.height + shape.padding
            let perImage = (shape.inChannels + shape.outChannels) * imageRows * paddedWidth
            groupSize = max(1, min(shape.batch, (1 << 16) / perImage))
            planeStride = Self.roundedUp(Self.roundedUp(Self.positionCount(groupSize, imageRows, paddedWidth, shape.padding), Tile.columns)
                                         + 2 * shape.padding * (paddedWidth + 1), Tile.columns)
        }

        /// Output positions computed for `images` stacked images, in whole tiles: every padded row of the
        /// stack from the first image's first row to the last image's last.
        func positions(_ images: Int) -> Int {
            Self.roundedUp(Self.positionCount(images, imageRows, paddedWidth, shape.padding), Tile.columns)
        }

        private static func positionCount(_ images: Int, _ imageRows: Int, _ paddedWidth: Int, _ padding: Int) -> Int {
            (images * imageRows - padding) * paddedWidth
        }

        private static func roundedUp(_ value: Int, _ multiple: Int) -> Int { (value + multiple - 1) / multiple * multiple }

        /// Copies `images` of `input` ([N, C, H, W]) into the zeroed stacked planes.
        func stack(_ images: Range<Int>, of input: UnsafePointer<Float>, into planes: UnsafeMutablePointer<Float>) {
            let (height, width, pad) = (shape.height, shape.width, shape.padding)
            planes.initialize(repeating: 0, count: shape.inChannels * planeStride)
            for c in 0..<shape.inChannels {
                for (slot, image) in images.enumerated() {
                    let source = input + (image * shape.inChannels + c) * height * width
                    let target = planes + c * planeStride + (pad + slot * imageRows) * paddedWidth + pad
                    for y in 0..<height { Span.copy(source + y * width, to: target + y * paddedWidth, count: width) }
                }
            }
        }

        /// Writes the real outputs among `positions` of `products` ([block rows][productStride]) to their images
        /// in `output` ([N, O, H, W]), adding the bias.
        func unstack(_ images: Range<Int>, positions: Range<Int>, products: UnsafePointer<Float>, productStride: Int,
                     bias: UnsafePointer<Float>?, into output: UnsafeMutablePointer<Float>) {
            let (height, width, plane) = (shape.height, shape.width, shape.outputPlane)
            for row in (positions.lowerBound / paddedWidth)...((positions.upperBound - 1) / paddedWidth) {
                let (slot, y) = row.quotientAndRemainder(dividingBy: imageRows)
                guard y < height, slot < images.count else { continue }
                // The row's real outputs within `positions` (none when the range starts in its padding columns).
                let start = row * paddedWidth
                let (first, end) = (max(positions.lowerBound, start), min(positions.upperBound, start + width))
                guard first < end else { continue }
                let target = output + (images.lowerBound + slot) * shape.outputImage + y * width + (first - start)
                for o in 0..<shape.outChannels {
                    let source = products + o * productStride + first
                    if let bias {
                        Span.copy(source, adding: bias[o], to: target + o * plane, count: end - first)
                    } else {
                        Span.copy(source, to: target + o * plane, count: end - first)
                    }
                }
            }
        }
    }

    /// c[i][j] = Σ_p a[p][i] · b[offsets[p] + j] over `depth` steps p, for a 6 x 16 tile, overwriting c (rows `ldc`
    /// apart). One flat loop over (channel, tap) steps with the B offsets from a table: nested channel and tap
    /// loops made the register allocator shuffle and spill the twelve accumulators on every step. Never
    /// inlined, for the same reason (see `Tile.multiply`).
    @inline(never)
    static func tile(depth: Int, offsets: UnsafePointer<Int>, a: UnsafePointer<Float>, b: UnsafePointer<Float>,
                     into c: UnsafeMutablePointer<Float>, ldc: Int) {
        let pb = UnsafeRawPointer(b)
        let (laneBytes, floatBytes) = (MemoryLayout<Lane>.stride, MemoryLayout<Float>.stride)
        var sums = Tile.Sums()
        Tile.forEachStep(depth) { p in
            let at = offsets[p] &* floatBytes
            sums.add(a + p &* Tile.rows, pb.loadUnaligned(fromByteOffset: at, as: Lane.self),
                     pb.loadUnaligned(fromByteOffset: at &+ laneBytes, as: Lane.self))
        }
        let target = UnsafeMutableRawPointer(c)
        sums.forEachRow(Tile.rows) { i, left, right in
            target.storeBytes(of: left, toByteOffset: i &* ldc &* floatBytes, as: Lane.self)
            target.storeBytes(of: right, toByteOffset: i &* ldc &* floatBytes &+ laneBytes, as: Lane.self)
        }
    }
}
