import Foundation
import Testing
@testable import Inference
import Language
import Random
import Distributions

@Suite struct InterfaceTests {
    let model = try! TestModels.model(TestModels.coinSource, "coin")

    /// log p(flips | p) written out with the typed Bernoulli.
    func likelihood(_ p: Double) throws -> Double {
        try TestModels.flips.reduce(0) { $0 + (try Bernoulli(probability: p).logDensity($1)) }
    }

    @Test func generateWeighsByTheObservationsAndConstraints() throws {
        var generator = SeededGenerator(seed: 1)
        let (free, freeWeight) = try model.generate(TestModels.flipValues, constraints: ChoiceMap(), using: &generator)
        let p = free["p"]!.numberValue!
        #expect(abs(freeWeight - (try likelihood(p))) < 1e-12)
        let (fixed, fixedWeight) = try model.generate(TestModels.flipValues, constraints: ChoiceMap(["p": .number(0.3)]),
                                                      using: &generator)
        #expect(fixed["p"]?.numberValue == 0.3 && fixed.entries["p"]?.origin == .constrained)
        #expect(abs(fixedWeight - (try Beta(alpha: 2, beta: 3).logDensity(0.3) + likelihood(0.3))) < 1e-12)
    }

    @Test func assessScoresAFullySpecifiedRunAndRefusesToSample() throws {
        let (logProbability, returned) = try model.assess(TestModels.flipValues, choices: ChoiceMap(["p": .number(0.6)]))
        #expect(abs(logProbability - (try Beta(alpha: 2, beta: 3).logDensity(0.6) + likelihood(0.6))) < 1e-12)
        #expect(returned.numberValue == 0.6)
        #expect(throws: ProgramError.self) { try model.assess(TestModels.flipValues, choices: ChoiceMap()) }
    }

    @Test func updateWeightIsTheScoreRatioAndReportsDiscards() throws {
        var generator = SeededGenerator(seed: 2)
        let (trace, _) = try model.generate(TestModels.flipValues, constraints: ChoiceMap(["p": .number(0.4)]), using: &generator)
        let result = try model.update(trace, constraints: ChoiceMap(["p": .number(0.7)]), using: &generator)
        let prior = try Beta(alpha: 2, beta: 3)
        let expected = try (prior.logDensity(0.7) + likelihood(0.7)) - (prior.logDensity(0.4) + likelihood(0.4))
        #expect(abs(result.logWeight - expected) < 1e-12)
        #expect(result.discarded["p"]?.numberValue == 0.4)
        #expect(result.added.isEmpty)
        // New arguments: fewer flips, every kept choice reused.
        let shorter = try model.update(result.trace, arguments: [.list([.bool(true)])], using: &generator)
        #expect(shorter.trace["p"]?.numberValue == 0.7)
        let expectedShorter = try log(0.7) - likelihood(0.7)
        #expect(abs(shorter.logWeight - expectedShorter) < 1e-12)
    }

    @Test func regenerateWeightIsTheLikelihoodRatioUnderAPriorProposal() throws {
        var generator = SeededGenerator(seed: 5)
        let trace = try model.simulate(TestModels.flipValues, using: &generator)
        let (moved, logWeight) = try model.regenerate(trace, selection: Selection(["p"]), using: &generator)
        let old = trace["p"]!.numberValue!, new = moved["p"]!.numberValue!
        #expect(old != new)
        #expect(abs(logWeight - (try likelihood(new) - likelihood(old))) < 1e-10)
    }

    @Test func unvisitedConstraintIsAnErrorSuggestingTheNearestAddress() throws {
        var generator = SeededGenerator(seed: 6)
        do {
            _ = try model.generate(TestModels.flipValues, constraints: ChoiceMap(["pp": .number(0.5)]), using: &generator)
            Issue.record("expected an error")
        } catch let error as InferenceError {
            #expect(error.description == "constraint address \"pp\" is never visited by the model; did you mean \"p\"?")
        }
        let trace = try model.simulate(TestModels.flipValues, using: &generator)
        #expect(throws: InferenceError.self) { try model.metropolisHastings(trace, selection: Selection(["q"]), using: &generator) }
    }

    @Test func constraintOfTheWrongTypeIsAnErrorNamingTheAddress() throws {
        var generator = SeededGenerator(seed: 7)
        do {
            _ = try model.generate(TestModels.flipValues, constraints: ChoiceMap(["p": .string("high")]), using: &generator)
            Issue.record("expected an error")
        } catch let error as ProgramError {
            #expect(error.description.contains("address \"p\""))
            #expect(error.description.contains("test.gns:2:"))
        }
    }

    @Test func constrainingAnObservationIsAnError() throws {
        var generator = SeededGenerator(seed: 8)
        let flip = Address([.name("flip"), .index(0)])
        #expect(throws: ProgramError.self) {
            try model.generate(TestModels.flipValues, constraints: ChoiceMap([flip: .bool(false)]), using: &generator)
        }
    }
}
