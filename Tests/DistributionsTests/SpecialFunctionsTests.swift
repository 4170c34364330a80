import Foundation
import Testing
@testable import Distributions

@Suite struct SpecialFunctionsTests {
    @Test func digammaMatchesKnownValuesAndTheDerivativeOfLogGamma() {
        // ψ(1) = -γ, ψ(1/2) = -γ - 2 log 2.
        let eulerGamma = 0.57721566490153286
        expectClose(Special.digamma(1), -eulerGamma, tolerance: 1e-12)
        expectClose(Special.digamma(0.5), -eulerGamma - 2 * log(2), tolerance: 1e-12)
        for x in [0.05, 0.7, 3.3, 12.0, 150.0] {
            expectClose(Special.digamma(x), centralDifference(at: x, step: 1e-5 * x) { lgamma($0) }, tolerance: 1e-6, "ψ(\(x))")
        }
    }

    @Test func logSumExpIsStable() {
        expectClose(Special.logSumExp([1000, 1000]), 1000 + log(2), tolerance: 1e-15)
        #expect(Special.logSumExp([-.infinity, -.infinity]) == -.infinity)
        expectClose(Special.logSumExp([log(0.25), log(0.75)]), 0, tolerance: 1e-15)
        #expect(Special.logSumExp([]) == -.infinity)
        #expect(Special.logSumExp([1, .infinity]) == .infinity)
        #expect(Special.logSumExp([1, .nan]).isNaN)
        // Far below exp's range: e^-2000 underflows, the log does not.
        expectClose(Special.logSumExp([-2000, -2000 + log(3)]), -2000 + log(4), tolerance: 1e-15)
    }

    @Test func logSigmoidAndLogChooseAreAccurate() {
        for x in [-30.0, -1, 0, 2, 40] {
            expectClose(Special.logSigmoid(x), x < 30 ? log(1 / (1 + exp(-x))) : -exp(-x), tolerance: 1e-13, "log σ(\(x))")
            expectClose(Special.sigmoid(x), 1 / (1 + exp(-x)), tolerance: 1e-15, "σ(\(x))")
        }
        expectClose(Special.logSigmoid(-800), -800, tolerance: 1e-15)
        expectClose(Special.logChoose(10, 3), log(120), tolerance: 1e-13)
        #expect(Special.logChoose(7, 0) == 0)
    }
}
