import Testing
import Distributions

@Suite struct DistributionErrorTests {
    @Test func messagesNameTheDistributionParameterAndValue() {
        do {
            _ = try Normal(mean: 0, standardDeviation: -2)
            Issue.record("expected an error")
        } catch {
            #expect(error.description == "normal: parameter standard deviation = -2.0 must be positive and finite")
        }
        let length = DistributionError.wrongLength(distribution: "dirichlet", argument: "value", expected: 3, actual: 2)
        #expect(length.description == "dirichlet: value has 2 entries, expected 3")
    }
}
