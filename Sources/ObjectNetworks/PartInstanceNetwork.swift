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
/// - The decoder p(x | z, k, C): [z, one-hot, canvas features] -> 16 channels at 4³, 2× nearest upsampling and
///   a 3×3×3 convolution with ReLU (16 channels at 8³), upsampling again, then the whole 32³ canvas joins as 8
///   channels at 16³ (``Tensor/spaceToDepth3d()``), so a part can be placed against what is already there, and a
///   last 3×3×3 convolution gives 8 channels at 16³: the Bernoulli logits of each 2×2×2 block of the 32³ part
///   (``Tensor/depthToSpace3d()``). No layer runs at 32³: one there cost 5x the rest of the network together
///   (its unfolded input, 9·27 × 32³ floats a volume, is memory traffic, not arithmetic).
///
/// Training minimises the negative ELBO: the voxels' Bernoulli negative log-likelihood under a sample of
/// q (reparameterised) plus KL(q ‖ N(0, I)).
public struct PartInstanceNetwork: ParameterContainer, Sendable {
    /// The latent's dimension.
    public static let latentSize = 8
    /// Channels of the decoder's first grid, at 4³.
    static let seedChannels = 16

    /// The categories, in the order of the one-hot inputs (the training set's, sorted).
    public let categories: [String]
    var canvasEncoder: VoxelEncoder
    var partEncoder: VoxelEncoder
    var posterior: Linear
    var decoderInput: Linear
    var decoder: [Conv3d]

    /// A network over `categories` with PyTorch's default random initialisation.
    public init(categories: [String], generator: inout SeededGenerator) {
        self.categories = categories
        canvasEncoder = VoxelEncoder(inputChannels: 1, features: 64, generator: &generator)
        partEncoder = VoxelEncoder(inputChannels: 1, features: 64, generator: &generator)
        posterior = Linear(64 + 64 + categories.count, 2 * Self.latentSize, generator: &generator)
        decoderInput = Linear(Self.latentSize + categories.count + 64, Self.seedChannels * 4 * 4 * 4, generator: &generator)
        decoder = [Conv3d(Self.seedChannels, 16, generator: &generator), Conv3d(16 + 8, 8, generator: &generator)]
    }

    /// Per-example negative ELBO `[N]` (nats) of parts `[N, 1, 32, 32, 32]` of `categories` (indices) on
    /// `canvases` (same shape): reconstruction plus KL, with z drawn from `pass`'s stream.
    public func losses(canvases: Tensor, categories indices: [Int], parts: Tensor, pass: inout ForwardPass) -> Tensor {
        let condition = canvasEncoder(canvases)
        let category = oneHot(indices, count: categories.count)
        let moments = posterior(Tensor.concatenate([partEncoder(parts), condition, category], axis: 1))
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
                                   condition: canvasEncoder(canvases), canvases: canvases)
        return logits.sigmoid().scalars.map(Double.init)
    }

    /// Voxel logits `[N, 1, 32, 32, 32]`.
    private func decodedLogits(latents: Tensor, category: Tensor, condition: Tensor, canvases: Tensor) -> Tensor {
        var x = decoderInput(Tensor.concatenate([latents, category, condition], axis: 1)).relu()
            .reshaped([latents.shape[0], Self.seedChannels, 4, 4, 4])
        x = decoder[0](x.upsampledNearest3d()).relu()
        return decoder[1](Tensor.concatenate([x.upsampledNearest3d(), canvases.spaceToDepth3d()], axis: 1)).depthToSpace3d()
    }

    public mutating func visitParameters(prefix: String, _ body: (String, inout Tensor) -> Void) {
        canvasEncoder.visitParameters(prefix: join(prefix, "canvas_encoder"), body)
        partEncoder.visitParameters(prefix: join(prefix, "part_encoder"), body)
        posterior.visitParameters(prefix: join(prefix, "posterior"), body)
        decoderInput.visitParameters(prefix: join(prefix, "decoder_input"), body)
        for i in decoder.indices { decoder[i].visitParameters(prefix: join(prefix, "decoder.\(i)"), body) }
    }
}
