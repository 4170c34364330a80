import Foundation
import Testing

/// Central finite difference (f(x+h) - f(x-h)) / 2h: the reference every analytic gradient is checked against.
func centralDifference(at x: Double, step h: Double = 1e-5, _ f: (Double) throws -> Double) rethrows -> Double {
    (try f(x + h) - f(x - h)) / (2 * h)
}

/// Composite Simpson's rule on [a, b] with `intervals` (even) sub-intervals.
func simpson(from a: Double, to b: Double, intervals: Int = 20_000, _ f: (Double) -> Double) -> Double {
    let h = (b - a) / Double(intervals)
    var total = f(a) + f(b)
    for i in 1..<intervals { total += f(a + Double(i) * h) * (i % 2 == 1 ? 4 : 2) }
    return total * h / 3
}

/// Midpoint rule over the rectangle [x0, x1] x [y0, y1] on an n x n grid.
func midpoint2D(x: ClosedRange<Double>, y: ClosedRange<Double>, n: Int = 600, _ f: (Double, Double) -> Double) -> Double {
    let hx = (x.upperBound - x.lowerBound) / Double(n), hy = (y.upperBound - y.lowerBound) / Double(n)
    var total = 0.0
    for i in 0..<n {
        for j in 0..<n {
            total += f(x.lowerBound + (Double(i) + 0.5) * hx, y.lowerBound + (Double(j) + 0.5) * hy)
        }
    }
    return total * hx * hy
}

/// Expects `relative or absolute` closeness: |a - b| ≤ tolerance · max(1, |b|).
func expectClose(_ a: Double, _ b: Double, tolerance: Double = 1e-6, _ label: String = "",
                 sourceLocation: SourceLocation = #_sourceLocation) {
    #expect(abs(a - b) <= tolerance * max(1, abs(b)), "\(label): \(a) vs \(b)", sourceLocation: sourceLocation)
}

/// Expects the sample mean of `draws` within 5 standard errors of `exact`. The standard error is the sample
/// standard deviation over √n (the CLT); with fixed seeds the test is deterministic, and a correct sampler
/// fails it for a given seed with probability below 1e-6.
func expectMean(_ draws: [Double], _ exact: Double, _ label: String = "", sourceLocation: SourceLocation = #_sourceLocation) {
    let n = Double(draws.count)
    let mean = draws.reduce(0, +) / n
    let variance = draws.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
    let standardError = (variance / n).squareRoot()
    #expect(abs(mean - exact) <= 5 * standardError, "\(label): sample mean \(mean) vs exact \(exact) (SE \(standardError))",
            sourceLocation: sourceLocation)
}
