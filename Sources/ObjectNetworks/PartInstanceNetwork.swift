import Foundation
import Neural
import Random
import Tensors

/// The object model's instance model p(x | k, C): a part's voxels given its category and the canvas, as a
/// conditional VAE with a standard normal prior on a small latent z.
///
/// - The canvas condition: a ``VoxelEncoder`` of the canvas (64 features).
/// - The encoder q(z | x, k, C): a ``VoxelEncoder`` of the part, with the canvas features and the category's
///   one-hot vector, to the mean and log-variance of a diagonal normal.
/// - The decoder p(x | z, k, C): a spatial broadcast decoder on the 16³ grid of 2×2×2 blocks. [z, one-hot, canvas
///   features] give 64 numbers that every block receives. Each block adds what it sees of the canvas where it
///   is: its own 8 voxels, the 8 voxels of its mirror images across the grid's centre in x and in z (parts
///   come in symmetric sets: a chair's second leg mirrors its first), the canvas encoder's feature maps at 16³,
///   8³ and 4³ read back at the block (a U-Net's skip connections: what lies below or beside it), and its
///   centre's coordinates. Three 1×1×1 convolutions (64, 64, 8 channels, ReLU between) give the Bernoulli
///   logits of the block's 8 voxels (``Tensor/depthToSpace3d()``). A part's faces are thresholds on
///   coordinates and on what the canvas has nearby, which each block computes for itself; an upsampling
///   decoder had to carry every edge's position through a 4³ grid, and its parts came out scattered and often
///   empty. No layer runs at 32³, and 1×1×1 kernels need no unfolded input.
///
/// Training minimises the negative ELBO: the voxels' Bernoulli negative log-likelihood under a sample of
/// q (reparameterised) plus KL(q ‖ N(0, I)).
public struct PartInstanceNetwork: ParameterContainer, Sendable {
    /// The latent's dimension.
    public static let latentSize = 8
    /// Channels of the decoder's hidden layers.
    static let decoderChannels = 64
    /// What each decoder block reads: coordinates (3), its voxels and their two mirror images (3 × 8), and the
    /// canvas encoder's maps.
    static let blockChannels = 3 + 3 * 8 + VoxelEncoder.channels.reduce(0, +)

    /// The categories, in the order of the one-hot inputs (the training set's, sorted).
    public let categories: [String]
    var canvasEncoder: VoxelEncoder
    var partEncoder: VoxelEncoder
    var posterior: Linear
    /// What every block of the decoder receives from [z, one-hot, canvas features].
    var decoderInput: Linear
    /// Per block: what it sees of the canvas and its coordinates, added to `decoderInput`'s output.
    var blockInput: Conv3d
    var decoder: [Conv3d]

    /// A network over `categories` with PyTorch's default random initialisation.
    public init(categories: [String], generator: inout SeededGenerator) {
        self.categories = categories
        canvasEncoder = VoxelEncoder(inputChannels: 1, features: 64, generator: &generator)
        partEncoder = VoxelEncoder(inputChannels: 1, features: 64, generator: &generator)
        posterior = Linear(64 + 64 + categories.count, 2 * Self.latentSize, generator: &generator)
        let width = Self.decoderChannels
        decoderInput = Linear(Self.latentSize + categories.count + 64, width, generator: &generator)
        blockInput = Conv3d(Self.blockChannels, width, kernel: 1, padding: 0, generator: &generator)
        decoder = [Conv3d(width, width, kernel: 1, padding: 0, generator: &generator),
                   Conv3d(width, 8, kernel: 1, padding: 0, generator: &generator)]
    }

    /// Per-example negative ELBO `[N]` (nats) of parts `[N, 1, 32, 32, 32]` of `categories` (indices) on
    /// `canvases` (same shape): reconstruction plus KL, with z drawn from `pass`'s stream.
    public func losses(canvases: Tensor, categories indices: [Int], parts: Tensor, pass: inout ForwardPass) -> Tensor {
        let condition = canvasEncoder.encoded(canvases)
        let category = oneHot(indices, count: categories.count)
        let moments = posterior(Tensor.concatenate([partEncoder(parts), condition.features, category], axis: 1))
            .split([Self.latentSize, Self.latentSize], axis: 1)
        let (mean, logVariance) = (moments[0], moments[1])
        let noise = Tensor.randomNormal(mean.shape, using: &pass.generator)
        let latent = mean + (logVariance * 0.5).exp() * noise
        let logits = decodedLogits(latents: latent, category: category, condition: condition, canvases: canvases)
        let count = indices.count
        let reconstruction = bernoulliNegativeLogLikelihood(logits: logits.reshaped([count, VoxelCanvas.count]),
                                                            targets: parts.reshaped([count, VoxelCanvas.count])).sum(axis: 1)
        let divergence = ((mean * mean + logVariance.exp() - logVariance - 1) * 0.5).sum(axis: 1)
        return reconstruction + divergence
    }

    /// The voxel probabilities (32³, z then y then x) of a part of category `category` (an index into
    /// ``categories``) decoded from `latent` (``latentSize`` numbers) on a 32³ occupancy `canvas`.
    public func decode(latent: [Float], category: Int, canvas: [Float]) -> [Double] {
        let canvases = Tensor(shape: [1, 1] + VoxelCanvas.shape, scalars: canvas)
        let logits = decodedLogits(latents: Tensor(shape: [1, Self.latentSize], scalars: latent),
                                   category: oneHot([category], count: categories.count),
                                   condition: canvasEncoder.encoded(canvases), canvases: canvases)
        return logits.sigmoid().scalars.map(Double.init)
    }

    /// Voxel logits `[N, 1, 32, 32, 32]`.
    private func decodedLogits(latents: Tensor, category: Tensor, condition: (features: Tensor, maps: [Tensor]),
                               canvases: Tensor) -> Tensor {
        let count = latents.shape[0], side = VoxelEncoder.gridSize / 2
        let shared = decoderInput(Tensor.concatenate([latents, category, condition.features], axis: 1))
            .reshaped([count, Self.decoderChannels, 1, 1, 1])
        // Each map brought to 16³ by repeating its cells (8³ twice as wide, 4³ four times).
        let maps = condition.maps.map { map in
            var map = map
            while map.shape[2] < side { map = map.upsampledNearest3d() }
            return map
        }
        let seen = [Self.blockCentres.broadcast(to: [count, 3, side, side, side]), canvases.spaceToDepth3d(),
                    Self.mirrored(canvases, axis: 4).spaceToDepth3d(), Self.mirrored(canvases, axis: 2).spaceToDepth3d()] + maps
        let hidden = decoder[0]((blockInput(Tensor.concatenate(seen, axis: 1)) + shared).relu()).relu()
        return decoder[1](hidden).depthToSpace3d()
    }

    /// `canvases` `[N, 1, D, H, W]` reflected across the grid's centre along `axis` (4: x, 2: z). Canvases are the
    /// network's input, never trained, so the copy needs no gradient.
    static func mirrored(_ canvases: Tensor, axis: Int) -> Tensor {
        let shape = canvases.shape, source = canvases.scalars
        let inner = shape[(axis + 1)...].reduce(1, *), extent = shape[axis]
        var scalars = [Float](repeating: 0, count: source.count)
        for outer in 0..<(source.count / (inner * extent)) {
            for i in 0..<extent {
                let from = (outer * extent + i) * inner, to = (outer * extent + extent - 1 - i) * inner
                for j in 0..<inner { scalars[to + j] = source[from + j] }
            }
        }
        return Tensor(shape: shape, scalars: scalars)
    }

    /// `[1, 3, 16, 16, 16]`: the centre of each 2×2×2 block (z, y, x channels) in blocks from the grid's centre
    /// (-7.5...7.5), so that a unit weight already turns a face into a step one block wide; coordinates scaled
    /// to -1...1 need weights near 16 for that, which Adam takes tens of epochs to grow.
    private static let blockCentres: Tensor = {
        let side = VoxelEncoder.gridSize / 2, cells = side * side * side
        var scalars = [Float](repeating: 0, count: 3 * cells)
        for cell in 0..<cells {
            let position = [cell / (side * side), cell / side % side, cell % side]
            for axis in 0..<3 { scalars[axis * cells + cell] = Float(position[axis]) + 0.5 - Float(side) / 2 }
        }
        return Tensor(shape: [1, 3, side, side, side], scalars: scalars)
    }()

    public mutating func visitParameters(prefix: String, _ body: (String, inout Tensor) -> Void) {
        canvasEncoder.visitParameters(prefix: join(prefix, "canvas_encoder"), body)
        partEncoder.visitParameters(prefix: join(prefix, "part_encoder"), body)
        posterior.visitParameters(prefix: join(prefix, "posterior"), body)
        decoderInput.visitParameters(prefix: join(prefix, "decoder_input"), body)
        blockInput.visitParameters(prefix: join(prefix, "block_input"), body)
        for i in decoder.indices { decoder[i].visitParameters(prefix: join(prefix, "decoder.\(i)"), body) }
    }
}
