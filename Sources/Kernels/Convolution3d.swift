/// The geometry of a batched 3-D convolution: NCDHW input, weight [outChannels, inChannels, k, k, k].
public struct Convolution3dShape: Sendable, Hashable {
    /// Volumes in the batch (N).
    public var batch: Int
    /// Channels of each input volume (C).
    public var inChannels: Int
    /// Channels of each output volume (O).
    public var outChannels: Int
    /// Input extent along depth, height and width (z, y, x), in voxels.
    public var depth: Int, height: Int, width: Int
    /// Side of the cubic kernel.
    public var kernelSize: Int
    /// Step between neighbouring output voxels, in input voxels (the same on every axis).
    public var stride: Int
    /// Zero voxels added on every side of the input.
    public var padding: Int

    /// A convolution geometry; every extent must be positive and the padded input at least one kernel wide.
    public init(batch: Int, inChannels: Int, outChannels: Int, depth: Int, height: Int, width: Int,
                kernelSize: Int, stride: Int, padding: Int) {
        self.batch = batch
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.depth = depth
        self.height = height
        self.width = width
        self.kernelSize = kernelSize
        self.stride = stride
        self.padding = padding
    }

    /// Output extent along an input axis of `extent` voxels: (extent + 2·padding - kernelSize) / stride + 1.
    public func outputExtent(_ extent: Int) -> Int { (extent + 2 * padding - kernelSize) / stride + 1 }
    /// Output depth, height and width.
    public var outputDepth: Int { outputExtent(depth) }
    public var outputHeight: Int { outputExtent(height) }
    public var outputWidth: Int { outputExtent(width) }

    /// Rows of the unfolded (vol2col) matrix: one per (input channel, kz, ky, kx).
    var patchSize: Int { inChannels * kernelSize * kernelSize * kernelSize }
    /// Columns of the unfolded matrix: one per output voxel.
    var outputVolume: Int { outputDepth * outputHeight * outputWidth }
    var inputImage: Int { inChannels * depth * height * width }
    var outputImage: Int { outChannels * outputVolume }
}

/// 3-D convolution (cross-correlation, as PyTorch's conv3d) by vol2col + `Gemm`, one volume at a time, the
/// batch split into chunks over the cores (a batch of one splits its products instead).
///
/// The voxel canvases are small (16³ or 32³ voxels, a few channels), so one volume's unfolded matrix
/// (at most C·k³ × 32³ floats, 3.5 MB for one channel) is a product wide enough to keep the gemm busy.
public enum Convolution3d {
    /// output[n, o] = bias[o] + Σ_c,kz,ky,kx weight[o, c, kz, ky, kx] · input[n, c, z·s - p + kz, y·s - p + ky, x·s - p + kx],
    /// overwriting `output` ([batch, outChannels, outputDepth, outputHeight, outputWidth]).
    public static func forward(_ shape: Convolution3dShape, input: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                               bias: UnsafePointer<Float>?, output: UnsafeMutablePointer<Float>) {
        let volume = shape.outputVolume
        forEachVolume(shape) { _, image, columns in
            VolumeUnfold.toColumns(shape, image: input + image * shape.inputImage, columns: columns)
            let result = output + image * shape.outputImage
            if let bias {
                for o in 0..<shape.outChannels { Span.fill(result + o * volume, with: bias[o], count: volume) }
            }
            // result[O × P] (+)= weight[O × Ck³] · columns[Ck³ × P]
            Gemm.multiply(transposeA: false, transposeB: false, m: shape.outChannels, n: volume, k: shape.patchSize,
                          alpha: 1, a: weight, lda: shape.patchSize, b: columns, ldb: volume,
                          beta: bias == nil ? 0 : 1, c: result, ldc: volume, parallel: chunkCount(shape) == 1)
        }
    }

    /// Gradients are ACCUMULATED (+=) into whichever of the three buffers are non-nil.
    ///
    /// Each chunk of volumes sums its weight gradient privately; the partial sums are added in chunk order, so
    /// the result does not depend on thread timing.
    public static func backward(_ shape: Convolution3dShape, input: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                                outputGradient: UnsafePointer<Float>, inputGradient: UnsafeMutablePointer<Float>?,
                                weightGradient: UnsafeMutablePointer<Float>?, biasGradient: UnsafeMutablePointer<Float>?) {
        let volume = shape.outputVolume
        let weightCount = shape.outChannels * shape.patchSize
        let chunks = chunkCount(shape)
        let partialWeights = UnsafeMutablePointer<Float>.allocate(capacity: chunks * weightCount)
        partialWeights.initialize(repeating: 0, count: chunks * weightCount)
        defer { partialWeights.deallocate() }
        forEachVolume(shape) { chunk, image, columns in
            let gradient = outputGradient + image * shape.outputImage
            if weightGradient != nil {
                // dW[O × Ck³] += dY[O × P] · columns[Ck³ × P]ᵀ
                VolumeUnfold.toColumns(shape, image: input + image * shape.inputImage, columns: columns)
                Gemm.multiply(transposeA: false, transposeB: true, m: shape.outChannels, n: shape.patchSize, k: volume,
                              alpha: 1, a: gradient, lda: volume, b: columns, ldb: volume,
                              beta: 1, c: partialWeights + chunk * weightCount, ldc: shape.patchSize, parallel: chunks == 1)
            }
            if let inputGradient {
                // dColumns[Ck³ × P] = Wᵀ[Ck³ × O] · dY[O × P], folded back onto the volume.
                Gemm.multiply(transposeA: true, transposeB: false, m: shape.patchSize, n: volume, k: shape.outChannels,
                              alpha: 1, a: weight, lda: shape.patchSize, b: gradient, ldb: volume,
                              beta: 0, c: columns, ldc: volume, parallel: chunks == 1)
                VolumeUnfold.addColumns(shape, columns: columns, image: inputGradient + image * shape.inputImage)
            }
        }
        if let weightGradient {
            for chunk in 0..<chunks { Span.add(partialWeights + chunk * weightCount, to: weightGradient, count: weightCount) }
        }
        if let biasGradient {
            for image in 0..<shape.batch {
                for o in 0..<shape.outChannels {
                    biasGradient[o] += Span.sum(outputGradient + image * shape.outputImage + o * volume, count: volume)
                }
            }
        }
    }

    /// Number of volume chunks: fixed by the batch size alone (never by the machine), so float sums are grouped
    /// identically everywhere. Four keeps two cores busy when chunks finish unevenly.
    static func chunkCount(_ shape: Convolution3dShape) -> Int { max(1, min(shape.batch, 4)) }

    /// Calls `body(chunk, volume index, the chunk's unfolding buffer)` for every volume, chunks in parallel.
    private static func forEachVolume(_ shape: Convolution3dShape, _ body: (Int, Int, UnsafeMutablePointer<Float>) -> Void) {
        let chunks = chunkCount(shape)
        Parallel.forEach(chunks) { chunk in
            let columns = UnsafeMutablePointer<Float>.allocate(capacity: shape.patchSize * shape.outputVolume)
            defer { columns.deallocate() }
            for image in chunk * shape.batch / chunks..<(chunk + 1) * shape.batch / chunks { body(chunk, image, columns) }
        }
    }
}

/// vol2col and its adjoint for one volume, through a zero-padded copy of the volume: there every row of the
/// unfolded matrix reads one run of `outputWidth` voxels `stride` apart, without bounds checks. (Walking the
/// unpadded volume with a branch per run took half of the instance model's training time.)
enum VolumeUnfold {
    /// columns[((c·k + kz)·k + ky)·k + kx][(z·OH + y)·OW + x] = image[c, z·s - p + kz, y·s - p + ky, x·s - p + kx]
    /// (0 in the padding).
    static func toColumns(_ shape: Convolution3dShape, image: UnsafePointer<Float>, columns: UnsafeMutablePointer<Float>) {
        withPaddedVolume(shape) { padded in
            forEachPlane(shape) { c, z, y, planeOffset in
                Span.copy(image + ((c * shape.depth + z) * shape.height + y) * shape.width, to: padded + planeOffset, count: shape.width)
            }
            forEachRow(shape) { target, source in
                let (from, to) = (UnsafePointer(padded + source), columns + target)
                switch shape.stride {
                case 1: Span.copy(from, to: to, count: shape.outputWidth)
                case 2: copyEvenElements(from, to: to, count: shape.outputWidth)
                default: for x in 0..<shape.outputWidth { to[x] = from[x * shape.stride] }
                }
            }
        }
    }

    /// image[c, iz, iy, ix] += every entry of `columns` that `toColumns` read from there (the adjoint).
    static func addColumns(_ shape: Convolution3dShape, columns: UnsafePointer<Float>, image: UnsafeMutablePointer<Float>) {
        withPaddedVolume(shape) { padded in
            forEachRow(shape) { target, source in
                let (from, to) = (columns + target, padded + source)
                switch shape.stride {
                case 1: Span.add(from, to: to, count: shape.outputWidth)
                case 2: addToEvenElements(from, to: to, count: shape.outputWidth)
                default: for x in 0..<shape.outputWidth { to[x * shape.stride] += from[x] }
                }
            }
            forEachPlane(shape) { c, z, y, planeOffset in
                Span.add(padded + planeOffset, to: image + ((c * shape.depth + z) * shape.height + y) * shape.width, count: shape.width)
            }
        }
    }

    /// Extents of the padded volume.
    private static func paddedExtents(_ shape: Convolution3dShape) -> (depth: Int, height: Int, width: Int) {
        (shape.depth + 2 * shape.padding, shape.height + 2 * shape.padding, shape.width + 2 * shape.padding)
    }

    /// Calls `body` with a zeroed buffer for the padded volume (all channels), with 16 floats to spare at the end
    /// for the eight-wide loads of stride-2 rows, which read one voxel past their last.
    private static func withPaddedVolume(_ shape: Convolution3dShape, _ body: (UnsafeMutablePointer<Float>) -> Void) {
        let (d, h, w) = paddedExtents(shape)
        let count = shape.inChannels * d * h * w + 16
        let padded = UnsafeMutablePointer<Float>.allocate(capacity: count)
        defer { padded.deallocate() }
        padded.initialize(repeating: 0, count: count)
        body(padded)
    }

    /// `body(c, z, y, offset in the padded volume of input row (c, z, y))` for every row of the input.
    @inline(__always)
    private static func forEachPlane(_ shape: Convolution3dShape, _ body: (Int, Int, Int, Int) -> Void) {
        let (pd, ph, pw) = paddedExtents(shape), p = shape.padding
        for c in 0..<shape.inChannels {
            for z in 0..<shape.depth {
                for y in 0..<shape.height { body(c, z, y, ((c * pd + z + p) * ph + y + p) * pw + p) }
            }
        }
    }

    /// `body(offset in columns, offset in the padded volume)` for every row (c, kz, ky, kx, z, y) of the unfolded
    /// matrix: the row's outputWidth entries read the padded volume from there, `stride` apart.
    @inline(__always)
    private static func forEachRow(_ shape: Convolution3dShape, _ body: (Int, Int) -> Void) {
        let (pd, ph, pw) = paddedExtents(shape)
        let (k, s, od, oh, ow) = (shape.kernelSize, shape.stride, shape.outputDepth, shape.outputHeight, shape.outputWidth)
        var target = 0
        for c in 0..<shape.inChannels {
            for kz in 0..<k {
                for ky in 0..<k {
                    for kx in 0..<k {
                        for z in 0..<od {
                            for y in 0..<oh {
                                body(target, ((c * pd + z * s + kz) * ph + y * s + ky) * pw + kx)
                                target += ow
                            }
                        }
                    }
                }
            }
        }
    }

    /// target[x] = source[2x] for x in 0..<count, eight at a time.
    @inline(__always)
    private static func copyEvenElements(_ source: UnsafePointer<Float>, to target: UnsafeMutablePointer<Float>, count: Int) {
        var x = 0
        while x + 8 <= count {
            let pairs = UnsafeRawPointer(source + 2 * x).loadUnaligned(as: SIMD16<Float>.self)
            UnsafeMutableRawPointer(target + x).storeBytes(of: pairs.evenHalf, as: SIMD8<Float>.self)
            x += 8
        }
        while x < count {
            target[x] = source[2 * x]
            x += 1
        }
    }

    /// target[2x] += source[x] for x in 0..<count, eight at a time (the odd elements are stored back unchanged).
    @inline(__always)
    private static func addToEvenElements(_ source: UnsafePointer<Float>, to target: UnsafeMutablePointer<Float>, count: Int) {
        var x = 0
        while x + 8 <= count {
            var pairs = UnsafeRawPointer(target + 2 * x).loadUnaligned(as: SIMD16<Float>.self)
            pairs.evenHalf += UnsafeRawPointer(source + x).loadUnaligned(as: SIMD8<Float>.self)
            UnsafeMutableRawPointer(target + 2 * x).storeBytes(of: pairs, as: SIMD16<Float>.self)
            x += 8
        }
        while x < count {
            target[2 * x] += source[x]
            x += 1
        }
    }
}
