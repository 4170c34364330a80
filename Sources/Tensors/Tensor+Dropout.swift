/// Inverted dropout for training.
extension Tensor {
    /// Zeroes each element with probability `probability` and scales survivors by 1/(1 - probability),
    /// so the expected value is unchanged (PyTorch's training-mode `dropout`). Call it only in training;
    /// the mask is drawn from `generator`, so runs are reproducible from a seed.
    public func dropout<G: RandomNumberGenerator>(probability: Double, using generator: inout G) -> Tensor {
        precondition(probability >= 0 && probability < 1, "dropout probability \(probability) not in [0, 1)")
        guard probability > 0 else { return self }
        let keep = Float(1 / (1 - probability))
        let mask = Tensor(shape: shape, scalars: (0..<count).map { _ in
            Double.random(in: 0..<1, using: &generator) < probability ? 0 : keep
        })
        return self * mask
    }
}
