import Foundation
import Testing
@testable import Inference
import Language
import Random
import Distributions

@Suite struct TraceTests {
    @Test func simulateRecordsEveryChoiceAndScoresTheJoint() throws {
        let model = try TestModels.model(TestModels.coinSource, "coin")
        var generator = SeededGenerator(seed: 3)
        let trace = try model.simulate(TestModels.flipValues, using: &generator)
        #expect(trace.addresses.count == 1 + TestModels.flips.count)
        let p = try #require(trace["p"]?.numberValue)
        #expect(trace.returnValue.numberValue == p)
        // The joint computed independently with the typed distributions.
        var joint = try Beta(alpha: 2, beta: 3).logDensity(p)
        for flip in TestModels.flips { joint += try Bernoulli(probability: p).logDensity(flip) }
        #expect(abs(trace.score - joint) < 1e-12)
        #expect(trace.entries[Address([.name("flip"), .index(2)])]?.origin == .observed)
        #expect(trace.entries["p"]?.origin == .sampled)
    }

    @Test func printsAsATableAndAsValidJSON() throws {
        let model = try TestModels.model(TestModels.coinSource, "coin")
        var generator = SeededGenerator(seed: 4)
        let trace = try model.simulate(TestModels.flipValues, using: &generator)
        let lines = trace.table.split(separator: "\n")
        #expect(lines[0].hasPrefix("address"))
        #expect(lines[2].hasPrefix("\"p\"") && lines[2].contains("beta(2, 3)"))
        let object = try #require(try JSONSerialization.jsonObject(with: Data(trace.json.utf8)) as? [String: Any])
        let choices = try #require(object["choices"] as? [[String: Any]])
        #expect(choices.count == trace.addresses.count)
        #expect((choices[0]["value"] as? Double) == trace["p"]?.numberValue)
        #expect(abs((object["score"] as? Double ?? .nan) - trace.score) < 1e-9)
    }
}
