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

/// 2-D convolution (cross-correlation, as PyTorch's conv2d) by im2col + `Gemm`, images split across the cores (a
/// single image's products split instead).
///
/// Small planes are unfolded a group of images at a time, side by side, into one product: a 7×7 plane alone
/// would fill 49 of the 64 columns of two register tiles and repack the weights for 49 pixels, a group of
/// 15 images makes one product 735 columns wide.
public enum Convolution {
    /// output[n, o] = bias[o] + Σ_c,ky,kx weight[o, c, ky, kx] · input[n, c, y·stride - padding + ky, x·stride - padding + kx],
    /// overwriting `output` ([batch, outChannels, outputHeight, outputWidth]).
    public static func forward(_ shape: ConvolutionShape, input: UnsafePointer<Float>, weight: UnsafePointer<Float>,
                               bias: UnsafePointer<Float>?, output: UnsafeMutablePointer<Float>) {
        if DirectConvolution.applies(to: shape) {
            return DirectConvolution.forward(shape, input: input, weight: weight, bias: bias, output: output)
        }
        let plane = shape.outputPlane
        forEachImageGroup(shape) { group in
            let width = group.width
            group.unfold(input)
            // A single image's product lands in place; a group's lands in `products` and is dealt out.
            let single = group.images.count == 1
            let result = single ? output + group.images.lowerBound * shape.outputImage : group.products
            if single, let bias {
                for o in 0..<shape.outChannels { Span.fill(result + o * plane, with: bias[o], count: plane) }
            }
            // result[O × width] (+)= weight[O × CKK] · columns[CKK × width]
            Gemm.multiply(transposeA: false, transposeB: false, m: shape.outChannels, n: width, k: shape.patchSize,
                          alpha: 1, a: weight, lda: shape.patchSize, b: group.columns, ldb: width,
                          beta: single && bias != nil ? 1 : 0, c: result, ldc: width, parallel: group.isOnlyChunk)
            guard !single else { return }
            group.forEachOutputPlane { o, outputPlane, productPlane in
                let (source, target) = (group.products + productPlane, output + outputPlane)
                if let bias { Span.copy(source, adding: bias[o], to: target, count: plane) } else { Span.copy(source, to: target, count: plane) }
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
        forEachImageGroup(shape) { group in
            let width = group.width
            // The group's output gradients side by side, [O × width] (a single image's are already).
            let gradient: UnsafePointer<Float>
            if group.images.count == 1 {
                gradient = outputGradient + group.images.lowerBound * shape.outputImage
            } else {
                group.forEachOutputPlane { _, outputPlane, productPlane in
                    Span.copy(outputGradient + outputPlane, to: group.products + productPlane, count: plane)
                }
                gradient = UnsafePointer(group.products)
            }
            if weightGradient != nil {
                // dW[O × CKK] += dY[O × width] · columns[CKK × width]ᵀ
                group.unfold(input)
                Gemm.multiply(transposeA: false, transposeB: true, m: shape.outChannels, n: shape.patchSize, k: width,
                              alpha: 1, a: gradient, lda: width, b: group.columns, ldb: width,
                              beta: 1, c: partialWeights + group.chunk * weightCount, ldc: shape.patchSize,
                              parallel: group.isOnlyChunk)
            }
            if let inputGradient {
                // dColumns[CKK × width] = Wᵀ[CKK × O] · dY[O × width], folded back onto the images.
                Gemm.multiply(transposeA: true, transposeB: false, m: shape.patchSize, n: width, k: shape.outChannels,
                              alpha: 1, a: weight, lda: shape.patchSize, b: gradient, ldb: width,
                              beta: 0, c: group.columns, ldc: width, parallel: group.isOnlyChunk)
                group.fold(into: inputGradient)
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

    /// Output pixels a grouped product aims at: wide enough for whole register tiles and one weight packing
    /// per group, narrow enough that a group's unfolded columns (CKK × width) stay near L2 size.
    static let groupColumns = 768

    /// Images unfolded side by side into one product (1 for planes of `groupColumns` pixels or more).
    static func groupSize(_ shape: ConvolutionShape) -> Int { max(1, groupColumns / shape.outputPlane) }

    /// Calls `body` with consecutive groups of images (at most `groupSize`, never crossing a chunk), in
    /// parallel by chunk; a chunk's groups share its scratch buffers.
    static func forEachImageGroup(_ shape: ConvolutionShape, _ body: (ImageGroup) -> Void) {
        let chunks = chunkCount(shape)
        let groupSize = groupSize(shape)
        let width = min(groupSize, (shape.batch + chunks - 1) / chunks) * shape.outputPlane
        Parallel.forEach(chunks) { chunk in
            let images = chunk * shape.batch / chunks..<(chunk + 1) * shape.batch / chunks
            let columns = UnsafeMutablePointer<Float>.allocate(capacity: shape.patchSize * width)
            let products = UnsafeMutablePointer<Float>.allocate(capacity: groupSize > 1 ? shape.outChannels * width : 0)
            defer { columns.deallocate(); products.deallocate() }
            for first in stride(from: images.lowerBound, to: images.upperBound, by: groupSize) {
                body(ImageGroup(shape: shape, chunk: chunk, images: first..<min(first + groupSize, images.upperBound),
                                columns: columns, products: products))
            }
        }
    }

    /// Images that go through the products together, side by side, with their chunk's scratch buffers.
    struct ImageGroup {
        let shape: ConvolutionShape
        /// The chunk the images belong to (it owns one slot of the partial weight gradients).
        let chunk: Int
        let images: Range<Int>
        /// The images' unfolded columns, [CKK × width].
        let columns: UnsafeMutablePointer<Float>
        /// Output planes (or their gradients) side by side, [O × width]; only for groups of more than one image.
        let products: UnsafeMutablePointer<Float>
        /// Output pixels of all the images: the products' column count.
        var width: Int { images.count * shape.outputPlane }

        /// Whether the group's chunk is the batch's only one (a batch of one image): then no other chunk
        /// occupies the second core, and the group's products split over both.
        var isOnlyChunk: Bool { chunkCount(shape) == 1 }

        /// Unfolds every image of the group from `input` ([N, C, H, W]) into `columns`, side by side.
        func unfold(_ input: UnsafePointer<Float>) {
            forEachChannelHalf { channels in
                for (slot, image) in images.enumerated() {
                    Unfold.imageToColumns(shape, channels: channels, image: input + image * shape.inputImage,
                                          columns: columns + slot * shape.outputPlane, rowStride: width)
                }
            }
        }

        /// Adds `columns` back onto the images' planes of `inputGradient` ([N, C, H, W]): the adjoint of `unfold`.
        func fold(into inputGradient: UnsafeMutablePointer<Float>) {
            forEachChannelHalf { channels in
                for (slot, image) in images.enumerated() {
                    Unfold.addColumnsToImage(shape, channels: channels, columns: columns + slot * shape.outputPlane,
                                             rowStride: width, image: inputGradient + image * shape.inputImage)
                }
            }
        }

        /// Calls `body` with the input channels, split in two over the cores when the group is the only chunk: a
        /// single image's unfolding otherwise ran on one core while the other waited for the product (a third of
        /// the batch-1 stroke CNN's time). Each channel owns its rows of `columns` and its planes of the image.
        private func forEachChannelHalf(_ body: (Range<Int>) -> Void) {
            Parallel.forEachHalf(of: shape.inChannels, splitting: isOnlyChunk && shape.patchSize * width >= Self.parallelUnfold, body)
        }

        /// Unfolded entries from which a lone image's unfolding splits (a 16-channel 28x28 image has 112,896).
        static let parallelUnfold = 1 << 14

        /// Calls `body(o, start of image n's channel-o plane in an [N, O, P] buffer, start of the same plane in
        /// `products`)` for every output plane of the group.
        func forEachOutputPlane(_ body: (Int, Int, Int) -> Void) {
            for (slot, image) in images.enumerated() {
                for o in 0..<shape.outChannels {
                    body(o, image * shape.outputImage + o * shape.outputPlane, o * width + slot * shape.outputPlane)
                }
            }
        }
    }
}

/// im2col and its adjoint for one image, whose unfolded matrix may be one block of a wider one (`rowStride`).
enum Unfold {
    /// columns[(c·k + ky)·k + kx][y·OW + x] = image[c, y·stride - padding + ky, x·stride - padding + kx] (0 in the
    /// padding) for the input channels c in `channels`, the rows of `columns` `rowStride` floats apart.
    static func imageToColumns(_ shape: ConvolutionShape, channels: Range<Int>, image: UnsafePointer<Float>,
                               columns: UnsafeMutablePointer<Float>, rowStride: Int) {
        if keepsSize(shape) {
            withPaddedPlane(shape) { padded, paddedWidth in
                let (k, height, width, pad) = (shape.kernelSize, shape.height, shape.width, shape.padding)
                for c in channels {
                    for y in 0..<height {
                        Span.copy(image + (c * height + y) * width, to: padded + (y + pad) * paddedWidth + pad, count: width)
                    }
                    for ky in 0..<k {
                        for kx in 0..<k {
                            let row = columns + ((c * k + ky) * k + kx) * rowStride
                            for y in 0..<height {
                                Span.copy(padded + (y + ky) * paddedWidth + kx, to: row + y * width, count: width)
                            }
                        }
                    }
                }
            }
            return
        }
        forEachRowSpan(shape, channels: channels, rowStride: rowStride) { target, source, count in
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

    /// image[c, iy, ix] += columns[...] for c in `channels` and every column entry that maps inside the image
    /// (the adjoint of `imageToColumns`).
    static func addColumnsToImage(_ shape: ConvolutionShape, channels: Range<Int>, columns: UnsafeMutablePointer<Float>,
                                  rowStride: Int, image: UnsafeMutablePointer<Float>) {
        if keepsSize(shape) {
            withPaddedPlane(shape) { padded, paddedWidth in
                let (k, height, width, pad) = (shape.kernelSize, shape.height, shape.width, shape.padding)
                for c in channels {
                    padded.update(repeating: 0, count: paddedWidth * (height + 2 * pad))
                    for ky in 0..<k {
                        for kx in 0..<k {
                            let row = columns + ((c * k + ky) * k + kx) * rowStride
                            for y in 0..<height {
                                Span.add(row + y * width, to: padded + (y + ky) * paddedWidth + kx, count: width)
                            }
                        }
                    }
                    for y in 0..<height {
                        Span.add(padded + (y + pad) * paddedWidth + pad, to: image + (c * height + y) * width, count: width)
                    }
                }
            }
            return
        }
        forEachRowSpan(shape, channels: channels, rowStride: rowStride) { target, source, count in
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

    /// Calls `body` with a zeroed scratch plane of the input padded on every side, and its width. A `keepsSize`
    /// unfolded row is then `height` plain row copies out of it (or, for the adjoint, row additions into it), with
    /// no bounds to test: the padding is real zeros.
    @inline(__always)
    static func withPaddedPlane(_ shape: ConvolutionShape, _ body: (UnsafeMutablePointer<Float>, Int) -> Void) {
        let paddedWidth = shape.width + 2 * shape.padding, count = paddedWidth * (shape.height + 2 * shape.padding)
        withUnsafeTemporaryAllocation(of: Float.self, capacity: count) { buffer in
            let padded = buffer.baseAddress!
            padded.initialize(repeating: 0, count: count)
            body(padded, paddedWidth)
        }
    }

    /// Walks the unfolded matrix's rows of `channels` as horizontal spans: for each (patch row, output row), the output
    /// columns split into a left padding span, an inside span and a right padding span. `body` gets the
    /// span's start in `columns` (rows `rowStride` apart), its first input index (nil for padding) and its length.
    @inline(__always)
    static func forEachRowSpan(_ shape: ConvolutionShape, channels: Range<Int>, rowStride: Int, _ body: (Int, Int?, Int) -> Void) {
        let (k, s, pad) = (shape.kernelSize, shape.stride, shape.padding)
        let (oh, ow) = (shape.outputHeight, shape.outputWidth)
        for c in channels {
            for ky in 0..<k {
                for kx in 0..<k {
                    let row = (c * k + ky) * k + kx
                    // Output columns x with 0 <= x·s - pad + kx < width.
                    let first = min(ow, max(0, (pad - kx + s - 1) / s))
                    let reach = shape.width - 1 + pad - kx
                    let last = reach < 0 ? first : min(ow, max(first, reach / s + 1))
                    for y in 0..<oh {
                        let target = row * rowStride + y * ow
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

    /// target[0..<count] = source[0..<count] + value.
    @inline(__always)
    static func copy(_ source: UnsafePointer<Float>, adding value: Float, to target: UnsafeMutablePointer<Float>, count: Int) {
        let from = UnsafeRawPointer(source), to = UnsafeMutableRawPointer(target), lane = Lane(repeating: value)
        var i = 0
        while i + Lane.scalarCount <= count {
            let offset = i * MemoryLayout<Float>.size
            to.storeBytes(of: from.loadUnaligned(fromByteOffset: offset, as: Lane.self) + lane, toByteOffset: offset, as: Lane.self)
            i += Lane.scalarCount
        }
        while i < count {
            target[i] = source[i] + value
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
