/// Inverted dropout for training.
extension Tensor {
    /// Zeroes each element with probability `probability` and scales survivors by 1/(1 - probability),
    /// so the expected value is unchanged (PyTorch's training-mode `dropout`). Call it only in training;
    /// the mask is drawn from `generator`, so runs are reproducible from a seed.
    public func dropout<G: RandomNumberGenerator>(probability: Double, using generator: inout G) -> Tensor {
        precondition(probability >= 0 && probability < 1, "dropout probability \(probability) not in [0, 1)")
        guard probability > 0 else { return self }
        let keep = Float(1 / (1 - probability))
        // 24 random bits per element against a 24-bit threshold: exact for Float-resolution probabilities and
        // several times cheaper than `Double.random(in:using:)` in the training loops' hot path.
        let threshold = UInt64(probability * Double(1 << 24))
        var values = [Float](repeating: keep, count: count)
        for i in values.indices where generator.next() >> 40 < threshold { values[i] = 0 }
        let mask = Tensor(shape: shape, scalars: values)
        return self * mask
    }
}
