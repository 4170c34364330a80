/// A probability distribution over values of type `Value`, with sampling, log-density and its gradient.
///
/// Every conforming type is an immutable value whose parameters were validated when it was built
/// (initialisers throw a ``DistributionError`` naming the bad parameter). Log-densities are natural logs,
/// with respect to Lebesgue measure for continuous values and counting measure for discrete ones; a value
/// outside the support has log-density `-infinity`. A value of the wrong shape (a vector of the wrong
/// length, an image with the wrong pixel count) is an error, not `-infinity`, because it is a bug in the
/// caller rather than an improbable outcome.
public protocol Distribution: Sendable {
    /// The type of a sampled value.
    associatedtype Value
    /// The gradient of the log-density: with respect to the value (continuous distributions) and every parameter.
    associatedtype Gradient

    /// Draws one value, consuming randomness only from `generator`.
    func sample<G: RandomNumberGenerator>(using generator: inout G) -> Value

    /// The natural log of the density (or mass) at `value`.
    func logDensity(_ value: Value) throws(DistributionError) -> Double

    /// The gradient of ``logDensity(_:)`` at `value`, with respect to the value and every parameter.
    func logDensityGradient(_ value: Value) throws(DistributionError) -> Gradient
}
