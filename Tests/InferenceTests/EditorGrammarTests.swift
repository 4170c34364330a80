import Foundation
import Testing
import Inference

/// The editors' grammar (`Grammar/gns.tmLanguage.json`) highlights every inference builtin a script can call;
/// the Language tests check its keywords and distributions, which that module owns.
@Suite struct EditorGrammarTests {
    @Test func theInferenceRuleHighlightsEveryInferenceBuiltin() throws {
        let file = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Grammar/gns.tmLanguage.json")
        let grammar = try #require(try JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: Any])
        let builtin = try #require((grammar["repository"] as? [String: Any])?["builtin"] as? [String: Any])
        let rules = try #require(builtin["patterns"] as? [[String: Any]])
        let rule = try #require(rules.first { $0["name"] as? String == "support.function.inference.gns" })
        let pattern = try #require(rule["match"] as? String)
        let alternation = try #require(pattern.firstMatch(of: #/\(\?:([a-z_|]+)\)/#)?.output.1)
        let highlighted = Set(alternation.split(separator: "|").map(String.init))
        let missing = Set(InferenceBuiltins.all.map(\.name)).subtracting(highlighted)
        #expect(missing.isEmpty, "not highlighted: \(missing.sorted())")
    }
}
