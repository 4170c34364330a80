import Foundation
import Testing
@testable import Distributions
import Random

@Suite struct DiagonalNormalTests {
    let means = [0.5, -1.0, 2.0]
    let deviations = [1.0, 0.3, 2.5]
    var distribution: DiagonalNormal { try! DiagonalNormal(means: means, standardDeviations: deviations) }

    @Test func logDensityIsTheSumOfUnivariateNormals() throws {
        let x = [0.1, -0.8, 4.0]
        var reference = 0.0
        for i in 0..<3 { reference += try Normal(mean: means[i], standardDeviation: deviations[i]).logDensity(x[i]) }
        expectClose(try distribution.logDensity(x), reference, tolerance: 1e-12)
    }

    @Test func gradientMatchesFiniteDifferences() throws {
        let x = [0.1, -0.8, 4.0]
        let g = try distribution.logDensityGradient(x)
        for i in 0..<3 {
            func perturbed(_ vector: [Double], _ v: Double) -> [Double] { var copy = vector; copy[i] = v; return copy }
            expectClose(g.value[i], try centralDifference(at: x[i]) { try distribution.logDensity(perturbed(x, $0)) }, "x\(i)")
            expectClose(g.means[i], try centralDifference(at: means[i]) {
                try DiagonalNormal(means: perturbed(means, $0), standardDeviations: deviations).logDensity(x) }, "μ\(i)")
            expectClose(g.standardDeviations[i], try centralDifference(at: deviations[i]) {
                try DiagonalNormal(means: means, standardDeviations: perturbed(deviations, $0)).logDensity(x) }, "σ\(i)")
        }
    }

    @Test func sampleMomentsMatch() {
        var generator = SeededGenerator(seed: 12)
        let draws = (0..<20_000).map { _ in distribution.sample(using: &generator) }
        for i in 0..<3 {
            expectMean(draws.map { $0[i] }, means[i], "mean \(i)")
            expectMean(draws.map { ($0[i] - means[i]) * ($0[i] - means[i]) }, deviations[i] * deviations[i], "variance \(i)")
        }
    }

    @Test func rejectsBadParametersAndWrongLengths() {
        #expect(throws: DistributionError.wrongLength(distribution: "mvnormal", argument: "standard deviations", expected: 2, actual: 1)) {
            try DiagonalNormal(means: [0, 0], standardDeviations: [1])
        }
        #expect(throws: DistributionError.self) { try DiagonalNormal(means: [0], standardDeviations: [0]) }
        #expect(throws: DistributionError.self) { try DiagonalNormal(means: [], standardDeviations: []) }
        #expect(throws: DistributionError.wrongLength(distribution: "mvnormal", argument: "value", expected: 3, actual: 2)) {
            try distribution.logDensity([0, 0])
        }
    }
}
