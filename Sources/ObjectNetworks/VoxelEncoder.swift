import Neural
import Random
import Tensors

/// The 3-D CNN every object network reads voxels with: a 32³ grid is average-pooled to 16³ (filled fractions),
/// then three 3×3×3 convolutions with ReLU (8 channels at 16³, 16 at 8³ and 32 at 4³, the last two with stride 2)
/// and a ReLU layer give `features` numbers per grid.
public struct VoxelEncoder: ParameterContainer, Sendable {
    /// The grid side the encoder reads.
    public static let gridSize = 32
    /// Channels after each convolution.
    static let channels = [8, 16, 32]

    var convolutions: [Conv3d]
    var projection: Linear

    /// An encoder of `inputChannels` grids per example with PyTorch's default random initialisation.
    public init(inputChannels: Int, features: Int, generator: inout SeededGenerator) {
        var convolutions: [Conv3d] = []
        for (i, channels) in Self.channels.enumerated() {
            convolutions.append(Conv3d(i == 0 ? inputChannels : Self.channels[i - 1], channels, stride: i == 0 ? 1 : 2, generator: &generator))
        }
        self.convolutions = convolutions
        projection = Linear(Self.channels.last! * 4 * 4 * 4, features, generator: &generator)
    }

    /// The number of features per example.
    public var featureCount: Int { projection.weight.shape[0] }

    /// Features `[N, features]` of grids `[N, inputChannels, 32, 32, 32]`.
    public func callAsFunction(_ grids: Tensor) -> Tensor { encoded(grids).features }

    /// The features, and the feature maps each convolution made on the way (`[N, 8, 16³]`, `[N, 16, 8³]`,
    /// `[N, 32, 4³]`): what a decoder that places things on the grid reads back at each scale.
    public func encoded(_ grids: Tensor) -> (features: Tensor, maps: [Tensor]) {
        var x = grids.averagePooled3d(), maps: [Tensor] = []
        for convolution in convolutions {
            x = convolution(x).relu()
            maps.append(x)
        }
        return (projection(x.reshaped([x.shape[0], x.count / x.shape[0]])).relu(), maps)
    }

    public mutating func visitParameters(prefix: String, _ body: (String, inout Tensor) -> Void) {
        for i in convolutions.indices { convolutions[i].visitParameters(prefix: join(prefix, "conv.\(i)"), body) }
        projection.visitParameters(prefix: join(prefix, "projection"), body)
    }
}
