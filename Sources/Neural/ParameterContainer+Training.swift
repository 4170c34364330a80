import Tensors

extension ParameterContainer {
    /// Copies every buffer (batch-norm running statistics) from `other`, an updated copy of this network.
    public mutating func copyBuffers(from other: Self) {
        var source = other
        var buffers: [Tensor] = []
        source.visitBuffers(prefix: "") { _, tensor in buffers.append(tensor.detached) }
        var index = 0
        visitBuffers(prefix: "") { _, tensor in tensor = buffers[index]; index += 1 }
    }

    /// One gradient step: `loss` runs on a copy whose parameters are tape variables (it may update that copy's
    /// buffers, as training-mode batch norm does), then the optimizer moves this network's parameters along the
    /// gradient, clipped to global norm `maxGradientNorm` if given, and the copy's buffers are kept.
    /// Returns the loss value.
    @discardableResult
    public mutating func trainingStep(optimizer: inout Adam, maxGradientNorm: Double? = nil,
                                      _ loss: (inout Self) -> Tensor) -> Double {
        let tape = Tape()
        var tracked = tracked(on: tape)
        let value = loss(&tracked)
        let gradients = tape.gradients(of: value)
        var grads = tracked.parameters.map { gradients[$0] }
        if let maxGradientNorm { _ = GradientClipping.clipByGlobalNorm(&grads, maxNorm: maxGradientNorm) }
        var values = parameters
        optimizer.step(&values, gradients: grads)
        setParameters(values)
        copyBuffers(from: tracked)
        return value.scalar
    }
}
