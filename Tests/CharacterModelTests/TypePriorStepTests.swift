import Testing
@testable import CharacterModel

/// Scoring a type stroke by stroke gives the score of the whole type: the factorisation the stroke-order search
/// relies on.
@Suite struct TypePriorStepTests {
    @Test func stepsOfATypeSumToTheWholeType() throws {
        let scorer = TypePriorScorer(try TypePriorNetworks.bundled())
        let type = TestSupport.type + [[[20, -80], [40, -82], [60, -85], [75, -90]]]
        let whole = scorer.negativeLogLikelihood(splines: type)
        // Prefix k holds the first k strokes; step k draws stroke k on it and ends the type only at the last.
        let prefixes = (0..<type.count).map { Array(type.prefix($0)) }
        let steps = type.indices.map { TypeStep(prefix: $0, stroke: type[$0], finishes: $0 == type.count - 1) }
        let parts = scorer.stepNegativeLogLikelihoods(prefixes: prefixes, steps: steps, batchSize: 2)
        let sum = parts.reduce(TypeLosses(location: 0, stroke: 0, termination: 0)) {
            TypeLosses(location: $0.location + $1.location, stroke: $0.stroke + $1.stroke, termination: $0.termination + $1.termination)
        }
        // The same rows through the same networks in single precision, summed in a different grouping: agreement
        // to float rounding of ~50-nat terms (1e-7 relative each) is far inside 1e-3 nats.
        #expect(abs(sum.location - whole.location) < 1e-3)
        #expect(abs(sum.stroke - whole.stroke) < 1e-3)
        #expect(abs(sum.termination - whole.termination) < 1e-3)
        // A step that does not finish the type pays for continuing instead: the termination term differs.
        let unfinished = scorer.stepNegativeLogLikelihoods(prefixes: prefixes, steps: [TypeStep(prefix: 2, stroke: type[2], finishes: false)])
        #expect(abs(unfinished[0].termination - parts[2].termination) > 1e-3)
        #expect(unfinished[0].location == parts[2].location)
    }
}
