import Neural
import Random
import Render

/// The three networks of the GNS type prior (``TypePriorScorer`` scores drawings under them).
public struct TypePriorNetworks: Sendable {
    /// p(start | canvas, previous end).
    public var location: LocationNetwork
    /// p(offsets | start, canvas).
    public var stroke: StrokeNetwork
    /// p(stop | canvas).
    public var termination: TerminationNetwork

    /// File names of the three networks' weights inside a weights directory.
    public static let fileNames = (location: "location.safetensors", stroke: "stroke.safetensors", termination: "termination.safetensors")

    /// Randomly initialised networks (for tests and for training from scratch).
    public init(seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        location = LocationNetwork(generator: &generator)
        stroke = StrokeNetwork(generator: &generator)
        termination = TerminationNetwork(generator: &generator)
    }

    /// The networks whose weights are in `directory` (the three files of ``fileNames``).
    public init(directory: String) throws(WeightsError) {
        self.init(seed: 0)
        try location.load(contentsOf: directory + "/" + Self.fileNames.location)
        try stroke.load(contentsOf: directory + "/" + Self.fileNames.stroke)
        try termination.load(contentsOf: directory + "/" + Self.fileNames.termination)
    }

    /// The weights trained by GNS and shipped with the package.
    public static func bundled() throws(WeightsError) -> TypePriorNetworks {
        try TypePriorNetworks(directory: BundledWeights.directory)
    }

    /// The networks in `directory` (a `--weights` option), or the bundled ones when it is nil.
    public static func load(from directory: String?) throws(WeightsError) -> TypePriorNetworks {
        if let directory { try TypePriorNetworks(directory: directory) } else { try bundled() }
    }

    /// The canvases a type's strokes are drawn on: element k is the 28x28 canvas after the first k strokes
    /// (motor-space control points), rendered as the networks were trained (blur 0.5, no pixel noise).
    public static func partialCanvases(_ splines: [[SIMD2<Double>]], renderer: Renderer = Renderer()) -> [[Float]] {
        let token = RenderToken(strokes: splines.map { RenderStroke(absolute: $0) }, blurSigma: RenderConstants.sharpBlurSigma, epsilon: 0)
        return renderer.partialProbabilities(token).map(NetworkSpace.downsized)
    }
}
