import Testing
@testable import Tensors

/// 3-D convolution, average pooling and nearest upsampling against direct Double definitions, and their tape
/// gradients against central differences (``checkGradients``).
///
/// Tolerances of the gradient checks: all three operations are linear in each input, so central differences
/// have no truncation error at any step; what remains is Float rounding of the loss, about
/// 6e-8 · Σ|w_i y_i| / (2h) with h = 1e-2, i.e. ~3e-6 per output, at most ~1e-3 for the ≤ 300 outputs here: under
/// the shared 2e-3 + 1e-2·|fd| bound, while a wrong index, factor or sign is off by O(|gradient|) ~ 0.1-1.
@Suite struct VolumetricTests {
    /// Direct Double-precision 3-D convolution from the definition, the reference for `conv3d`.
    private func referenceConvolution(_ x: Tensor, _ w: Tensor, _ b: Tensor?, stride: Int, padding: Int) -> [Double] {
        let (n, c, d, h, wd) = (x.shape[0], x.shape[1], x.shape[2], x.shape[3], x.shape[4])
        let (o, k) = (w.shape[0], w.shape[2])
        func extent(_ e: Int) -> Int { (e + 2 * padding - k) / stride + 1 }
        var out: [Double] = []
        for ni in 0..<n { for oi in 0..<o { for z in 0..<extent(d) { for y in 0..<extent(h) { for xi in 0..<extent(wd) {
            var total = b.map { Double($0.scalars[oi]) } ?? 0
            for ci in 0..<c { for kz in 0..<k { for ky in 0..<k { for kx in 0..<k {
                let (iz, iy, ix) = (z * stride - padding + kz, y * stride - padding + ky, xi * stride - padding + kx)
                if iz >= 0 && iz < d && iy >= 0 && iy < h && ix >= 0 && ix < wd {
                    total += Double(x[ni, ci, iz, iy, ix]) * Double(w[oi, ci, kz, ky, kx])
                }
            } } } }
            out.append(total)
        } } } } }
        return out
    }

    @Test(arguments: [(3, 1, 1), (3, 2, 1), (3, 2, 0), (1, 1, 0), (2, 2, 0), (3, 1, 2)])
    func convolutionMatchesDefinitionAndGradients(kernel: Int, stride: Int, padding: Int) {
        var random = TestRandom(seed: UInt64(60 + kernel * 10 + stride + padding * 100))
        // Five volumes: four chunks over the cores, one of them with two volumes; uneven extents catch swapped axes.
        let x = random.tensor([5, 3, 6, 5, 7]), w = random.tensor([4, 3, kernel, kernel, kernel]), b = random.tensor([4])
        let y = Tensor.conv3d(x, weight: w, bias: b, stride: stride, padding: padding)
        let reference = referenceConvolution(x, w, b, stride: stride, padding: padding)
        #expect(y.count == reference.count)
        #expect(zip(y.scalars, reference).allSatisfy { Swift.abs(Double($0) - $1) < 1e-4 })
        let unbiased = Tensor.conv3d(x, weight: w, stride: stride, padding: padding)
        let unbiasedReference = referenceConvolution(x, w, nil, stride: stride, padding: padding)
        #expect(zip(unbiased.scalars, unbiasedReference).allSatisfy { Swift.abs(Double($0) - $1) < 1e-4 })

        let small = random.tensor([2, 2, 4, 3, 5])
        let smallWeight = random.tensor([2, 2, kernel, kernel, kernel])
        checkGradients([small, smallWeight, random.tensor([2])]) { xs in
            Tensor.conv3d(xs[0], weight: xs[1], bias: xs[2], stride: stride, padding: padding)
        }
        // One volume: the products split over the cores instead of the batch.
        checkGradients([random.tensor([1, 2, 4, 3, 5]), smallWeight]) { xs in
            Tensor.conv3d(xs[0], weight: xs[1], stride: stride, padding: padding)
        }
    }

    @Test(arguments: [1, 2, 3])
    func wideRowsGoThroughTheEightWidePaths(stride: Int) {
        // Rows of 18 and more outputs: the unfolding's vector loops and their tails (stride 2 reads pairs).
        var random = TestRandom(seed: UInt64(80 + stride))
        let x = random.tensor([2, 2, 3, 4, 37]), w = random.tensor([3, 2, 3, 3, 3]), b = random.tensor([3])
        let y = Tensor.conv3d(x, weight: w, bias: b, stride: stride, padding: 1)
        let reference = referenceConvolution(x, w, b, stride: stride, padding: 1)
        #expect(y.count == reference.count)
        #expect(zip(y.scalars, reference).allSatisfy { Swift.abs(Double($0) - $1) < 1e-4 })
        checkGradients([random.tensor([1, 1, 3, 2, 37]), random.tensor([2, 1, 3, 3, 3])]) { xs in
            Tensor.conv3d(xs[0], weight: xs[1], stride: stride, padding: 1)
        }
    }

    @Test func convolutionOfAnUntrackedInputOnlyHasWeightGradients() {
        var random = TestRandom(seed: 70)
        let tape = Tape()
        let x = random.tensor([2, 1, 4, 4, 4]), w = tape.variable(random.tensor([3, 1, 3, 3, 3]))
        let gradients = tape.gradients(of: Tensor.conv3d(x, weight: w, padding: 1).sum())
        // d Σy / d w[o, 0, kz, ky, kx] is the sum of the inputs the kernel tap sees; the centre tap sees them all.
        let centre = Double(gradients[w][0, 0, 1, 1, 1])
        #expect(Swift.abs(centre - x.scalars.reduce(0) { $0 + Double($1) }) < 1e-4)
    }

    @Test func averagePoolingAveragesBlocks() {
        var random = TestRandom(seed: 71)
        let x = random.tensor([2, 3, 4, 6, 2])
        let y = x.averagePooled3d()
        #expect(y.shape == [2, 3, 2, 3, 1])
        var reference: [Double] = []
        for n in 0..<2 { for c in 0..<3 { for z in 0..<2 { for yy in 0..<3 {
            var total = 0.0
            for dz in 0..<2 { for dy in 0..<2 { for dx in 0..<2 { total += Double(x[n, c, 2 * z + dz, 2 * yy + dy, dx]) } } }
            reference.append(total / 8)
        } } } }
        #expect(zip(y.scalars, reference).allSatisfy { Swift.abs(Double($0) - $1) < 1e-6 })
        checkGradients([random.tensor([1, 2, 4, 4, 6])]) { xs in xs[0].averagePooled3d() }
        // Rows of 16 outputs and more go through the kernel's eight-wide path.
        let wide = random.tensor([1, 1, 2, 2, 36])
        let wideReference = (0..<18).map { x -> Double in
            var total = 0.0
            for dz in 0..<2 { for dy in 0..<2 { for dx in 0..<2 { total += Double(wide[0, 0, dz, dy, 2 * x + dx]) } } }
            return total / 8
        }
        #expect(zip(wide.averagePooled3d().scalars, wideReference).allSatisfy { Swift.abs(Double($0) - $1) < 1e-6 })
    }

    @Test func nearestUpsamplingCopiesEachVoxelIntoItsBlock() {
        var random = TestRandom(seed: 72)
        let x = random.tensor([2, 2, 2, 3, 2])
        let y = x.upsampledNearest3d()
        #expect(y.shape == [2, 2, 4, 6, 4])
        for n in 0..<2 { for c in 0..<2 { for z in 0..<4 { for yy in 0..<6 { for xx in 0..<4 {
            #expect(y[n, c, z, yy, xx] == x[n, c, z / 2, yy / 2, xx / 2])
        } } } } }
        checkGradients([random.tensor([1, 2, 2, 3, 2])]) { xs in xs[0].upsampledNearest3d() }
        // Pooling after upsampling gives the input back.
        #expect(y.averagePooled3d() == x)
    }

    @Test func spaceToDepthMovesBlocksIntoChannelsAndBack() {
        var random = TestRandom(seed: 73)
        let x = random.tensor([2, 3, 4, 2, 6])
        let folded = x.spaceToDepth3d()
        #expect(folded.shape == [2, 24, 2, 1, 3])
        // Channel 8c + (dz·2 + dy)·2 + dx at (z, y, x) is voxel (2z + dz, 2y + dy, 2x + dx) of channel c.
        for n in 0..<2 { for c in 0..<3 { for dz in 0..<2 { for dy in 0..<2 { for dx in 0..<2 {
            for z in 0..<2 { for xx in 0..<3 {
                #expect(folded[n, 8 * c + (dz * 2 + dy) * 2 + dx, z, 0, xx] == x[n, c, 2 * z + dz, dy, 2 * xx + dx])
            } }
        } } } } }
        #expect(folded.depthToSpace3d() == x)
        checkGradients([random.tensor([1, 2, 2, 4, 2])]) { xs in xs[0].spaceToDepth3d() }
        checkGradients([random.tensor([1, 16, 1, 2, 1])]) { xs in xs[0].depthToSpace3d() }
    }
}
