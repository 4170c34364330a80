import Foundation

/// Special functions the densities and their gradients need; ``logSumExp(_:)`` is the one every module uses, and
/// ``digamma(_:)`` is the derivative of the language's `lgamma`.
public enum Special {
    /// log Γ(x) for x > 0.
    static func logGamma(_ x: Double) -> Double { lgamma(x) }

    /// log of the binomial coefficient C(n, k) for 0 ≤ k ≤ n.
    static func logChoose(_ n: Int, _ k: Int) -> Double {
        logGamma(Double(n) + 1) - logGamma(Double(k) + 1) - logGamma(Double(n - k) + 1)
    }

    /// The digamma function ψ(x) = d/dx log Γ(x) for x > 0: recurrence up to x ≥ 10, then the asymptotic series.
    public static func digamma(_ x: Double) -> Double {
        var x = x
        var shift = 0.0
        while x < 10 {
            shift -= 1 / x
            x += 1
        }
        let inverseSquare = 1 / (x * x)
        // Bernoulli-number series: 1/12, 1/120, 1/252, 1/240, 1/132 (truncation error below 1e-13 for x ≥ 10).
        let series = inverseSquare * (1.0 / 12 - inverseSquare * (1.0 / 120 - inverseSquare * (1.0 / 252
            - inverseSquare * (1.0 / 240 - inverseSquare / 132))))
        return shift + log(x) - 0.5 / x - series
    }

    /// `a * log(x)`, defined as 0 when `a == 0` so that densities stay finite at the edge of their support.
    static func xLogY(_ a: Double, _ x: Double) -> Double { a == 0 ? 0 : a * log(x) }

    /// The logistic function 1 / (1 + e^(-x)), without overflow for large |x|.
    static func sigmoid(_ x: Double) -> Double {
        x >= 0 ? 1 / (1 + exp(-x)) : exp(x) / (1 + exp(x))
    }

    /// log σ(x) = -log(1 + e^(-x)), accurate for large |x| (≈ x far below 0, ≈ -e^(-x) far above).
    static func logSigmoid(_ x: Double) -> Double {
        x >= 0 ? -log1p(exp(-x)) : x - log1p(exp(x))
    }

    /// log Σ exp(values), stable for large or very negative entries: `-infinity` for an empty or all `-infinity`
    /// input, `+infinity` if any entry is, NaN if any entry is NaN.
    public static func logSumExp(_ values: [Double]) -> Double {
        guard !values.contains(where: \.isNaN) else { return .nan }
        guard let largest = values.max(), largest > -.infinity else { return -.infinity }
        if largest == .infinity { return .infinity }
        var total = 0.0
        for value in values { total += exp(value - largest) }
        return largest + log(total)
    }

    /// Normalised log-probabilities from unnormalised logits.
    static func logSoftmax(_ logits: [Double]) -> [Double] {
        let normaliser = logSumExp(logits)
        return logits.map { $0 - normaliser }
    }
}
