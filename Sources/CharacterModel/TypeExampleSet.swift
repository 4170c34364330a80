import Kernels
import Render
import Tensors

/// The network inputs and targets of a set of types (drawings), flattened for batching: canvases are stored
/// once and examples refer to them by index. The scorer evaluates them; the trainer fits the networks to them.
public struct TypeExampleSet: Sendable {
    /// One stroke: the canvas before it, the previous end point and its start (network space), its offsets.
    public struct StrokeExample: Sendable {
        public var canvas: Int
        public var previous: SIMD2<Float>, start: SIMD2<Float>
        public var offsets: [SIMD2<Float>]

        /// The strokes of one drawing (motor-space splines) in network space, stroke k drawn on canvas `firstCanvas + k`.
        public static func examples(of splines: [[SIMD2<Double>]], firstCanvas: Int) -> [StrokeExample] {
            var previous = NetworkSpace.previousBeforeFirstStroke
            return splines.enumerated().map { k, spline in
                defer { previous = NetworkSpace.fromMotor(spline[spline.count - 1]) }
                return StrokeExample(canvas: firstCanvas + k, previous: SIMD2<Float>(previous),
                                     start: SIMD2<Float>(NetworkSpace.fromMotor(spline[0])),
                                     offsets: (1..<spline.count).map { SIMD2<Float>((spline[$0] - spline[$0 - 1]) / NetworkSpace.scale) })
            }
        }
    }
    /// 28x28 canvases, 784 values each.
    public var canvases: [Float] = []
    public var strokes: [StrokeExample] = []
    /// The canvas after each stroke, and whether that stroke was the drawing's last.
    public var terminations: [(canvas: Int, stop: Bool)] = []

    /// The examples of drawings given by their strokes' motor-space control points, in order: drawing d's
    /// strokes and terminations follow drawing d - 1's. Rendering is spread over the cores.
    public init(types: [[[SIMD2<Double>]]]) {
        let perDrawing = Parallel.map(types.indices, makeState: { Renderer() }) { renderer, i in
            TypePriorNetworks.partialCanvases(types[i], renderer: renderer)
        }
        for (splines, partial) in zip(types, perDrawing) {
            let first = canvases.count / 784
            for canvas in partial { canvases += canvas }
            strokes += StrokeExample.examples(of: splines, firstCanvas: first)
            for k in splines.indices { terminations.append((first + k + 1, k == splines.count - 1)) }
        }
    }

    /// The canvases at `indices` as `[N, 1, 28, 28]`.
    public func canvasTensor(_ indices: [Int]) -> Tensor {
        var values = [Float]()
        values.reserveCapacity(indices.count * 784)
        for index in indices { values += canvases[(index * 784)..<((index + 1) * 784)] }
        return Tensor(shape: [indices.count, 1, 28, 28], scalars: values)
    }

    /// `points` (network space) as `[N, 2]`.
    public static func pointTensor(_ points: [SIMD2<Float>]) -> Tensor {
        Tensor(shape: [points.count, 2], scalars: points.flatMap { [$0.x, $0.y] })
    }
}

