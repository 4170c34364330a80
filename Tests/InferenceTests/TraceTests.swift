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

    /// A family registered from Swift whose values are lists nested `depth` deep around 0, the way a higher
    /// module could add one: `gns trace --json` must print such sample values whole.
    struct NestedFamily: LanguageDistribution {
        let depth: Int
        func sample(using generator: inout SeededGenerator) -> Value {
            (0..<depth).reduce(Value.number(0)) { inner, _ in .list([inner]) }
        }
        func logDensity(_ value: Value) throws -> Double { 0 }
        func logDensityGradient(_ value: Value) throws -> (value: Partial?, parameters: [Partial]) { (nil, [.none]) }
    }

    static func nestedProgram(_ source: String) throws -> Program {
        var builtins = BuiltinRegistry.withInference
        builtins.register(Builtin("nested", parameters: ["depth"]) { call in
            let depth = try call.integer(0)
            return .distribution(DistributionValue(name: "nested", parameters: [.number(Double(depth))], family: NestedFamily(depth: depth)))
        })
        return try Program(source: source, fileName: "t.gns", builtins: builtins)
    }

    /// How deep the JSON arrays around the innermost element go.
    static func arrayDepth(_ json: Any?) -> Int {
        var depth = 0
        var current = json
        while let array = current as? [Any] {
            depth += 1
            current = array.first
        }
        return depth
    }

    @Test func nestedSampleValuesPrintWholeInTheJSONTrace() throws {
        let depth = Value.maximumNesting
        let program = try Self.nestedProgram("let v = sample(\"v\", nested(\(depth)))\nsample(\"w\", nested(3))")
        let trace = try Model.traceTopLevel(of: program, seed: 0, output: { _ in })
        let object = try #require(try JSONSerialization.jsonObject(with: Data(trace.json.utf8)) as? [String: Any])
        let choices = try #require(object["choices"] as? [[String: Any]])
        #expect(choices.map { $0["address"] as? String } == ["\"v\"", "\"w\""])
        #expect(Self.arrayDepth(choices[0]["value"]) == depth)
        #expect(Self.arrayDepth(choices[1]["value"]) == 3)
        // The table prints it too: `depth` brackets each side of the 0.
        let expected = String(repeating: "[", count: depth) + "0" + String(repeating: "]", count: depth)
        #expect(trace.table.contains(expected))
    }

    @Test func tooDeepValuesStopAtTheBuiltinThatMakesThem() throws {
        // A family's sample one level past the limit is refused at its `sample` call.
        let program = try Self.nestedProgram("let v = 1\nv = sample(\"v\", nested(\(Value.maximumNesting + 1)))")
        let error = try #require(throws: ProgramError.self) { try Model.traceTopLevel(of: program, seed: 0, output: { _ in }) }
        #expect(error.diagnostics.first.map { "\($0.location): \($0.message)" }
                == "t.gns:2:5: value nested deeper than \(Value.maximumNesting) levels (lists, records and distributions inside each other)")
        // Inference results hold a model's return values: wrapping one in another again and again is refused at the call.
        let wrapping = try Self.nestedProgram("let x = 0\nfor i in 0..200000 { x = importance(fn() => x, [], particles: 1) }")
        let wrapped = try #require(throws: ProgramError.self) { try Model.traceTopLevel(of: wrapping, seed: 0, output: { _ in }) }
        #expect(wrapped.diagnostics.first.map { "\($0.location)" } == "t.gns:2:26")
        #expect(wrapped.diagnostics.first?.message.hasPrefix("value nested deeper than") == true)
    }
}
