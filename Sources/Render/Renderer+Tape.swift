import Tensors

/// Why tensors could not be read as a render token.
public enum RenderInputError: Error, Equatable, CustomStringConvertible {
    /// A tensor has the wrong shape (its role, the expected shape in words, the actual shape).
    case badShape(name: String, expected: String, actual: [Int])

    /// A sentence naming the problem.
    public var description: String {
        switch self {
        case let .badShape(name, expected, actual): "render input \(name) must have shape \(expected), got \(actual)"
        }
    }
}

extension Renderer {
    /// The Bernoulli log-likelihood of `image` as a tape operation, so gradients flow into tracked tensors.
    ///
    /// `controlPoints[s]` is stroke `s`'s `[n, 2]` control points relative to `starts[s]` (`starts` is
    /// `[strokes, 2]`); `scale` and `translation` are `[2]`; `blurSigma` and `epsilon` are scalars. The value is
    /// the fused renderer's; the backward pass is its hand-written gradient scaled by the incoming seed.
    public func logLikelihood(controlPoints: [Tensor], starts: Tensor, scale: Tensor, translation: Tensor,
                              blurSigma: Tensor, epsilon: Tensor, image: BinaryImage) throws(RenderInputError) -> Tensor {
        for (s, stroke) in controlPoints.enumerated() where stroke.shape.count != 2 || stroke.shape[1] != 2 || stroke.shape[0] < 1 {
            throw .badShape(name: "controlPoints[\(s)]", expected: "[n >= 1, 2]", actual: stroke.shape)
        }
        guard starts.shape == [controlPoints.count, 2] else {
            throw .badShape(name: "starts", expected: "[\(controlPoints.count), 2]", actual: starts.shape)
        }
        for (name, t) in [("scale", scale), ("translation", translation)] where t.count != 2 {
            throw .badShape(name: name, expected: "[2]", actual: t.shape)
        }
        for (name, t) in [("blurSigma", blurSigma), ("epsilon", epsilon)] where t.count != 1 {
            throw .badShape(name: name, expected: "a scalar", actual: t.shape)
        }
        func point(_ t: Tensor, _ i: Int) -> SIMD2<Double> { SIMD2(Double(t.scalars[2 * i]), Double(t.scalars[2 * i + 1])) }
        let strokes = controlPoints.indices.map { s in
            RenderStroke(start: point(starts, s), controlPoints: (0..<(controlPoints[s].scalars.count / 2)).map { point(controlPoints[s], $0) })
        }
        let token = RenderToken(strokes: strokes, scale: point(scale, 0), translation: point(translation, 0),
                                blurSigma: blurSigma.scalar, epsilon: epsilon.scalar)
        var gradient = RenderGradient()
        let value = logLikelihood(token, image: image, gradient: &gradient)
        func pair(_ v: SIMD2<Double>) -> [Float] { [Float(v.x), Float(v.y)] }
        let inputs = controlPoints + [starts, scale, translation, blurSigma, epsilon]
        return Tensor.custom(inputs: inputs, output: Tensor(value)) { seed in
            let g = Float(seed.scalar)
            var grads: [Tensor?] = controlPoints.indices.map { s in
                Tensor(shape: controlPoints[s].shape, scalars: gradient.controlPoints[s].flatMap(pair).map { $0 * g })
            }
            grads.append(Tensor(shape: starts.shape, scalars: gradient.starts.flatMap(pair).map { $0 * g }))
            grads.append(Tensor(shape: scale.shape, scalars: pair(gradient.scale).map { $0 * g }))
            grads.append(Tensor(shape: translation.shape, scalars: pair(gradient.translation).map { $0 * g }))
            grads.append(Tensor(shape: blurSigma.shape, scalars: [Float(gradient.blurSigma) * g]))
            grads.append(Tensor(shape: epsilon.shape, scalars: [Float(gradient.epsilon) * g]))
            return grads
        }
    }
}
