/// The geometry of a batched 2-D convolution: NCHW input, weight [outChannels, inChannels, k, k].
public struct ConvolutionShape: Sendable, Hashable {
    /// Images in the batch (N).
    public var batch: Int
    /// Channels of each input image (C).
    public var inChannels: Int
    /// Channels of each output image (O).
    public var outChannels: Int
    /// Input height in pixels.
    public var height: Int
    /// Input width in pixels.
    public var width: Int
    /// Side of the square kernel.
    public var kernelSize: Int
    /// Step between neighbouring output pixels, in input pixels.
    public var stride: Int
    /// Zero rows/columns added on every side of the input.
    public var padding: Int

    /// Output height: (height + 2·padding - kernelSize) / stride + 1.
    public var outputHeight: Int { (height + 2 * padding - kernelSize) / stride + 1 }
    /// Output width: (width + 2·padding - kernelSize) / stride + 1.
    public var outputWidth: Int { (width + 2 * padding - kernelSize) / stride + 1 }

    /// A convolution geometry; every extent must be positive and the padded input at least one kernel wide.
    public init(batch: Int, inChannels: Int, outChannels: Int, height: Int, width: Int, kernelSize: Int, stride: Int, padding: Int) {
        self.batch = batch
        self.inChannels = inChannels
        self.outChannels = outChannels
        self.height = height
        self.width = width
        self.kernelSize = kernelSize
        self.stride = stride
        self.padding = padding
    }

    /// Rows of the unfolded (im2col) matrix: one per (input channel, ky, kx).
    var patchSize: Int { inChannels * kernelSize * kernelSize }
    /// Columns of the unfolded matrix: one per output pixel.
    var outputPlane: Int { outputHeight * outputWidth }
    var inputImage: Int { inChannels * height * width }
    var outputImage: Int { outChannels * outputPlane }
}

/// 2-D convolution (cross-correlation, as PyTorch's conv2d) by im2col + `Gemm`, images split across the cores.
public enum Convolution {
    /// output[n, o] = bias[o] + Σ_c,ky,kx weight[o, c, ky, kx] · input[n, c, y·stride - padding + ky, x·stride - padding + kx],
    /// overwriting `output` ([batch, outChannels, outputHeight, outputWidth]).
    public static func forward(_ shape: ConvolutionShape, input: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                               bias: UnsafePointer<Float>?, output: UnsafeMutablePointer<Float>) {
        let plane = shape.outputPlane
        forEachImageChunk(shape) { images in
            let columns = UnsafeMutablePointer<Float>.allocate(capacity: shape.patchSize * plane)
            defer { columns.deallocate() }
            for image in images {
                let result = output + image * shape.outputImage
                Unfold.imageToColumns(shape, image: input + image * shape.inputImage, columns: columns)
                if let bias {
                    for o in 0..<shape.outChannels { Span.fill(result + o * plane, with: bias[o], count: plane) }
                }
                // output[O × P] (+)= weight[O × CKK] · columns[CKK × P]
                Gemm.multiply(transposeA: false, transposeB: false, m: shape.outChannels, n: plane, k: shape.patchSize,
                              alpha: 1, a: weight, lda: shape.patchSize, b: columns, ldb: plane,
                              beta: bias == nil ? 0 : 1, c: result, ldc: plane, parallel: false)
            }
        }
    }

    /// Gradients are ACCUMULATED (+=) into whichever of the three buffers are non-nil.
    ///
    /// Each chunk of images sums its weight and bias gradients privately; the partial sums are added in
    /// chunk order, so the result does not depend on thread timing.
    public static func backward(_ shape: ConvolutionShape, input: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                                outputGradient: UnsafePointer<Float>, inputGradient: UnsafeMutablePointer<Float>?,
                                weightGradient: UnsafeMutablePointer<Float>?, biasGradient: UnsafeMutablePointer<Float>?) {
        let plane = shape.outputPlane
        let weightCount = shape.outChannels * shape.patchSize
        let chunks = chunkCount(shape)
        let partialWeights = UnsafeMutablePointer<Float>.allocate(capacity: chunks * weightCount)
        partialWeights.initialize(repeating: 0, count: chunks * weightCount)
        defer { partialWeights.deallocate() }
        forEachImageChunk(shape) { images in
            let chunk = images.lowerBound * chunks / shape.batch
            let columns = UnsafeMutablePointer<Float>.allocate(capacity: shape.patchSize * plane)
            defer { columns.deallocate() }
            for image in images {
                let gradient = outputGradient + image * shape.outputImage
                if weightGradient != nil {
                    // dW[O × CKK] += dY[O × P] · columns[CKK × P]ᵀ
                    Unfold.imageToColumns(shape, image: input + image * shape.inputImage, columns: columns)
                    Gemm.multiply(transposeA: false, transposeB: true, m: shape.outChannels, n: shape.patchSize, k: plane,
                                  alpha: 1, a: gradient, lda: plane, b: columns, ldb: plane,
                                  beta: 1, c: partialWeights + chunk * weightCount, ldc: shape.patchSize, parallel: false)
                }
                if let inputGradient {
                    // dColumns[CKK × P] = Wᵀ[CKK × O] · dY[O × P], folded back onto the image.
                    Gemm.multiply(transposeA: true, transposeB: false, m: shape.patchSize, n: plane, k: shape.outChannels,
                                  alpha: 1, a: weight, lda: shape.patchSize, b: gradient, ldb: plane,
                                  beta: 0, c: columns, ldc: plane, parallel: false)
                    Unfold.addColumnsToImage(shape, columns: columns, image: inputGradient + image * shape.inputImage)
                }
            }
        }
        if let weightGradient {
            for chunk in 0..<chunks {
                let partial = partialWeights + chunk * weightCount
                for i in 0..<weightCount { weightGradient[i] += partial[i] }
            }
        }
        if let biasGradient {
            for image in 0..<shape.batch {
                for o in 0..<shape.outChannels {
                    biasGradient[o] += Span.sum(outputGradient + image * shape.outputImage + o * plane, count: plane)
                }
            }
        }
    }

    /// Number of image chunks: fixed by the batch size alone (never by the machine), so float sums
    /// are grouped identically everywhere. Four keeps two cores busy when chunks finish unevenly.
    static func chunkCount(_ shape: ConvolutionShape) -> Int { max(1, min(shape.batch, 4)) }

    /// Calls `body` with consecutive, disjoint ranges of images covering the batch, in parallel.
    static func forEachImageChunk(_ shape: ConvolutionShape, _ body: (Range<Int>) -> Void) {
        let chunks = chunkCount(shape)
        Parallel.forEach(chunks) { chunk in
            body(chunk * shape.batch / chunks..<(chunk + 1) * shape.batch / chunks)
        }
    }
}

/// im2col and its adjoint for one image.
enum Unfold {
    /// columns[(c·k + ky)·k + kx][y·OW + x] = image[c, y·stride - padding + ky, x·stride - padding + kx] (0 in the padding).
    static func imageToColumns(_ shape: ConvolutionShape, image: UnsafePointer<Float>, columns: UnsafeMutablePointer<Float>) {
        if keepsSize(shape) {
            forEachShiftedRow(shape) { row in
                let base = columns + row.index * shape.outputPlane
                Span.fill(base, with: 0, count: row.rows.lowerBound * shape.outputWidth)
                Span.fill(base + row.rows.upperBound * shape.outputWidth, with: 0,
                          count: (shape.outputHeight - row.rows.upperBound) * shape.outputWidth)
                if let run = row.run {
                    Span.copy(image + run.lowerBound + row.shift, to: base + run.lowerBound, count: run.count)
                }
                row.clearBorders(base)
            }
            return
        }
        forEachRowSpan(shape) { target, source, count in
            if let source {
                if shape.stride == 1 {
                    Span.copy(image + source, to: columns + target, count: count)
                } else {
                    for x in 0..<count { columns[target + x] = image[source + x * shape.stride] }
                }
            } else {
                Span.fill(columns + target, with: 0, count: count)
            }
        }
    }

    /// image[c, iy, ix] += columns[...] for every column entry that maps inside the image (the adjoint of
    /// `imageToColumns`). Clobbers the entries of `columns` that map into the padding.
    static func addColumnsToImage(_ shape: ConvolutionShape, columns: UnsafeMutablePointer<Float>, image: UnsafeMutablePointer<Float>) {
        if keepsSize(shape) {
            forEachShiftedRow(shape) { row in
                guard let run = row.run else { return }
                let base = columns + row.index * shape.outputPlane
                // The padding entries inside the run land on neighbouring pixels of the shifted image:
                // zeroed, they add exactly nothing there.
                row.clearBorders(base)
                Span.add(base + run.lowerBound, to: image + run.lowerBound + row.shift, count: run.count)
            }
            return
        }
        forEachRowSpan(shape) { target, source, count in
            guard let source else { return }
            if shape.stride == 1 {
                Span.add(columns + target, to: image + source, count: count)
            } else {
                for x in 0..<count { image[source + x * shape.stride] += columns[target + x] }
            }
        }
    }

    /// Stride 1 with the output as wide as the input (padding = (k - 1) / 2, the GNS nets' layers).
    static func keepsSize(_ shape: ConvolutionShape) -> Bool {
        shape.stride == 1 && shape.outputWidth == shape.width
    }

    /// One row of the unfolded matrix of a `keepsSize` geometry: the image plane shifted by whole pixels.
    struct ShiftedRow {
        /// The row's index (c·k + ky)·k + kx.
        var index: Int
        /// Output rows y whose input row lies inside the image.
        var rows: Range<Int>
        /// Output columns x whose input column lies inside the image.
        var inside: Range<Int>
        /// Input index minus row-relative output index, the same for every inside entry.
        var shift: Int
        /// Output (= input) width.
        var width: Int

        /// The row-relative output indices from the first inside entry to the last: one contiguous run,
        /// which also covers the padding columns between consecutive output rows (nil if nothing is inside).
        var run: Range<Int>? {
            guard !rows.isEmpty && !inside.isEmpty else { return nil }
            return rows.lowerBound * width + inside.lowerBound..<(rows.upperBound - 1) * width + inside.upperBound
        }

        /// Zeroes the padding columns of the inside output rows.
        @inline(__always)
        func clearBorders(_ base: UnsafeMutablePointer<Float>) {
            for y in rows {
                let line = base + y * width
                Span.fill(line, with: 0, count: inside.lowerBound)
                Span.fill(line + inside.upperBound, with: 0, count: width - inside.upperBound)
            }
        }
    }

    /// Calls `body` for every row of the unfolded matrix of a `keepsSize` geometry.
    @inline(__always)
    static func forEachShiftedRow(_ shape: ConvolutionShape, _ body: (ShiftedRow) -> Void) {
        let (k, pad, height, width) = (shape.kernelSize, shape.padding, shape.height, shape.width)
        for c in 0..<shape.inChannels {
            for ky in 0..<k {
                for kx in 0..<k {
                    let top = min(shape.outputHeight, max(0, pad - ky)), left = min(width, max(0, pad - kx))
                    let rows = top..<max(top, min(shape.outputHeight, height + pad - ky))
                    let inside = left..<max(left, min(width, width + pad - kx))
                    body(ShiftedRow(index: (c * k + ky) * k + kx, rows: rows, inside: inside,
                                    shift: c * height * width + (ky - pad) * width + (kx - pad), width: width))
                }
            }
        }
    }

    /// Walks the unfolded matrix as horizontal spans: for each (patch row, output row), the output
    /// columns split into a left padding span, an inside span and a right padding span. `body` gets the
    /// span's start in `columns`, its first input index (nil for padding) and its length.
    @inline(__always)
    static func forEachRowSpan(_ shape: ConvolutionShape, _ body: (Int, Int?, Int) -> Void) {
        let (k, s, pad) = (shape.kernelSize, shape.stride, shape.padding)
        let (oh, ow) = (shape.outputHeight, shape.outputWidth)
        for c in 0..<shape.inChannels {
            for ky in 0..<k {
                for kx in 0..<k {
                    let row = (c * k + ky) * k + kx
                    // Output columns x with 0 <= x·s - pad + kx < width.
                    let first = min(ow, max(0, (pad - kx + s - 1) / s))
                    let reach = shape.width - 1 + pad - kx
                    let last = reach < 0 ? first : min(ow, max(first, reach / s + 1))
                    for y in 0..<oh {
                        let target = row * oh * ow + y * ow
                        let iy = y * s - pad + ky
                        if iy < 0 || iy >= shape.height {
                            body(target, nil, ow)
                            continue
                        }
                        if first > 0 { body(target, nil, first) }
                        if last > first {
                            body(target + first, (c * shape.height + iy) * shape.width + first * s - pad + kx, last - first)
                        }
                        if last < ow { body(target + last, nil, ow - last) }
                    }
                }
            }
        }
    }
}

/// Short contiguous runs (an image row, a bias row) moved with 8-wide vectors inline: the runs are
/// 20-30 floats, too short for a memmove call to pay for itself.
enum Span {
    typealias Lane = SIMD8<Float>

    /// target[0..<count] = source[0..<count].
    @inline(__always)
    static func copy(_ source: UnsafePointer<Float>, to target: UnsafeMutablePointer<Float>, count: Int) {
        let from = UnsafeRawPointer(source), to = UnsafeMutableRawPointer(target)
        var i = 0
        while i + Lane.scalarCount <= count {
            let offset = i * MemoryLayout<Float>.size
            to.storeBytes(of: from.loadUnaligned(fromByteOffset: offset, as: Lane.self), toByteOffset: offset, as: Lane.self)
            i += Lane.scalarCount
        }
        while i < count {
            target[i] = source[i]
            i += 1
        }
    }

    /// target[0..<count] = value.
    @inline(__always)
    static func fill(_ target: UnsafeMutablePointer<Float>, with value: Float, count: Int) {
        let to = UnsafeMutableRawPointer(target), lane = Lane(repeating: value)
        var i = 0
        while i + Lane.scalarCount <= count {
            to.storeBytes(of: lane, toByteOffset: i * MemoryLayout<Float>.size, as: Lane.self)
            i += Lane.scalarCount
        }
        while i < count {
            target[i] = value
            i += 1
        }
    }

    /// target[0..<count] += source[0..<count].
    @inline(__always)
    static func add(_ source: UnsafePointer<Float>, to target: UnsafeMutablePointer<Float>, count: Int) {
        let from = UnsafeRawPointer(source), to = UnsafeMutableRawPointer(target)
        var i = 0
        while i + Lane.scalarCount <= count {
            let offset = i * MemoryLayout<Float>.size
            let sum = to.loadUnaligned(fromByteOffset: offset, as: Lane.self) + from.loadUnaligned(fromByteOffset: offset, as: Lane.self)
            to.storeBytes(of: sum, toByteOffset: offset, as: Lane.self)
            i += Lane.scalarCount
        }
        while i < count {
            target[i] += source[i]
            i += 1
        }
    }

    /// Σ source[0..<count], in a fixed order (eight running lane sums, then the lanes, then the tail).
    @inline(__always)
    static func sum(_ source: UnsafePointer<Float>, count: Int) -> Float {
        let from = UnsafeRawPointer(source)
        var lanes = Lane()
        var i = 0
        while i + Lane.scalarCount <= count {
            lanes += from.loadUnaligned(fromByteOffset: i * MemoryLayout<Float>.size, as: Lane.self)
            i += Lane.scalarCount
        }
        var total = lanes.sum()
        while i < count {
            total += source[i]
            i += 1
        }
        return total
    }
}
