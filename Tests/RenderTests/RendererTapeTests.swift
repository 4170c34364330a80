import Testing
import Tensors
@testable import Render

@Suite struct RendererTapeTests {
    /// Gradients through the tape op equal the fused renderer's gradient times the downstream factor
    /// (here the loss is 3 * log-likelihood), and the value is the fused one.
    @Test func gradientsFlowIntoTrackedTensors() throws {
        let token = RendererTests.character()
        let image = try BinaryImage(pixels: RendererTests.observed())
        let renderer = Renderer()
        var expected = RenderGradient()
        let value = renderer.logLikelihood(token, image: image, gradient: &expected)

        let tape = Tape()
        func flat(_ points: [SIMD2<Double>]) -> [Float] { points.flatMap { [Float($0.x), Float($0.y)] } }
        let controls = token.strokes.map { tape.variable(Tensor(shape: [$0.controlPoints.count, 2], scalars: flat($0.controlPoints))) }
        let starts = tape.variable(Tensor(shape: [3, 2], scalars: flat(token.strokes.map(\.start))))
        let scale = tape.variable(Tensor(flat([token.scale])))
        let translation = tape.variable(Tensor(flat([token.translation])))
        let sigma = tape.variable(token.blurSigma), epsilon = tape.variable(token.epsilon)
        let ll = try renderer.logLikelihood(controlPoints: controls, starts: starts, scale: scale, translation: translation,
                                            blurSigma: sigma, epsilon: epsilon, image: image)
        // Inputs went through Float, so compare with a Float-sized relative tolerance.
        #expect(abs(ll.scalar - value) < 1e-4 * abs(value))
        let loss = ll * 3
        let grads = tape.gradients(of: loss)
        func close(_ a: Float, _ b: Double) -> Bool { abs(Double(a) - 3 * b) <= 1e-2 * max(1, abs(3 * b)) }
        for s in 0..<3 {
            for (k, g) in expected.controlPoints[s].enumerated() {
                #expect(close(grads[controls[s]].scalars[2 * k], g.x) && close(grads[controls[s]].scalars[2 * k + 1], g.y))
            }
            #expect(close(grads[starts].scalars[2 * s], expected.starts[s].x))
        }
        #expect(close(grads[scale].scalars[1], expected.scale.y))
        #expect(close(grads[translation].scalars[0], expected.translation.x))
        #expect(close(grads[sigma].scalars[0], expected.blurSigma))
        #expect(close(grads[epsilon].scalars[0], expected.epsilon))
    }

    @Test func wrongShapesAreTypedErrors() throws {
        let image = try BinaryImage(pixels: RendererTests.observed())
        #expect(throws: RenderInputError.badShape(name: "starts", expected: "[1, 2]", actual: [2])) {
            try Renderer().logLikelihood(controlPoints: [Tensor.zeros([3, 2])], starts: Tensor.zeros([2]),
                                         scale: Tensor.ones([2]), translation: Tensor.zeros([2]),
                                         blurSigma: Tensor(1.0), epsilon: Tensor(0.1), image: image)
        }
    }
}
