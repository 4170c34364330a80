import Random

/// Random test inputs, reproducible from a seed.
extension SeededGenerator {
    mutating func floats(_ count: Int, in range: Range<Double> = -1..<1) -> [Float] {
        (0..<count).map { _ in Float(nextUniform(in: range)) }
    }

    mutating func int(in range: ClosedRange<Int>) -> Int {
        Int.random(in: range, using: &self)
    }
}

/// The largest |actual - expected| relative to max(1, |expected|) over all elements.
func maximumRelativeError(_ actual: [Float], _ expected: [Double]) -> Double {
    precondition(actual.count == expected.count)
    return zip(actual, expected).map { abs(Double($0) - $1) / max(1, abs($1)) }.max() ?? 0
}
