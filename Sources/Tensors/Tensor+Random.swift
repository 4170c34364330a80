import Random

/// Random tensors, drawn from an explicitly passed generator (no global state).
extension Tensor {
    /// A tensor of independent normal draws.
    public static func randomNormal<G: RandomNumberGenerator>(_ shape: [Int], mean: Float = 0, standardDeviation: Float = 1,
                                                              using generator: inout G) -> Tensor {
        var result = Tensor.zeros(shape)
        result.withUnsafeMutableScalars { generator.fillNormal($0, mean: mean, standardDeviation: standardDeviation) }
        return result
    }

    /// A tensor of independent uniform draws from `range` (e.g. PyTorch's default layer initialization
    /// uniform in ±1/sqrt(fan in)).
    public static func randomUniform<G: RandomNumberGenerator>(_ shape: [Int], in range: Range<Double>,
                                                               using generator: inout G) -> Tensor {
        Tensor(shape: shape, scalars: (0..<shape.reduce(1, *)).map { _ in Float(generator.nextUniform(in: range)) })
    }
}
