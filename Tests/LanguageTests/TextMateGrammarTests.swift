import Foundation
import Testing
@testable import Language

/// `Grammar/gns.tmLanguage.json`, the editors' grammar, agrees with `Grammar/gns.ebnf`, the language's.
@Suite struct TextMateGrammarTests {
    static let grammarFolder = ExampleProgramsTests.root.appendingPathComponent("Grammar")

    /// The reserved words the ebnf lists in its sentence "Keywords are reserved: ... ."
    static func ebnfKeywords() throws -> Set<String> {
        let text = try String(contentsOf: grammarFolder.appendingPathComponent("gns.ebnf"), encoding: .utf8)
        let start = try #require(text.range(of: "Keywords are reserved:"))
        let end = try #require(text[start.upperBound...].range(of: "."))
        let words = text[start.upperBound..<end.lowerBound].split(whereSeparator: \.isWhitespace).map(String.init)
        return Set(words)
    }

    static func grammar() throws -> [String: Any] {
        let data = try Data(contentsOf: grammarFolder.appendingPathComponent("gns.tmLanguage.json"))
        return try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    }

    /// Every `match`, `begin` and `end` regex anywhere in the grammar, with where it is.
    static func regexes(in value: Any, path: String = "") -> [(path: String, pattern: String)] {
        if let dictionary = value as? [String: Any] {
            return dictionary.sorted { $0.key < $1.key }.flatMap { key, child -> [(path: String, pattern: String)] in
                if ["match", "begin", "end"].contains(key), let pattern = child as? String { return [(path + "." + key, pattern)] }
                return regexes(in: child, path: path + "." + key)
            }
        }
        if let array = value as? [Any] {
            return array.enumerated().flatMap { regexes(in: $1, path: path + "[\($0)]") }
        }
        return []
    }

    @Test func theEbnfKeywordsAreTheLexersReservedWords() throws {
        #expect(try Self.ebnfKeywords() == Set(Token.keywords.keys))
    }

    @Test func theKeywordRulesHighlightExactlyTheEbnfKeywords() throws {
        let repository = try #require(try Self.grammar()["repository"] as? [String: Any])
        let keyword = try #require(repository["keyword"] as? [String: Any])
        var highlighted: Set<String> = []
        for (_, pattern) in Self.regexes(in: keyword) {
            // Each keyword rule is \b(?:word|word|...)\b.
            let alternation = try #require(pattern.firstMatch(of: #/\(\?:([a-z_|]+)\)/#)?.output.1)
            highlighted.formUnion(alternation.split(separator: "|").map(String.init))
        }
        #expect(highlighted == (try Self.ebnfKeywords()))
    }

    @Test func theDistributionRuleHighlightsEveryBuiltinDistribution() throws {
        let repository = try #require(try Self.grammar()["repository"] as? [String: Any])
        let builtin = try #require(repository["builtin"] as? [String: Any])
        let rules = try #require(builtin["patterns"] as? [[String: Any]])
        let rule = try #require(rules.first { $0["name"] as? String == "support.type.distribution.gns" })
        let pattern = try #require(rule["match"] as? String)
        let alternation = try #require(pattern.firstMatch(of: #/\(\?:([a-z_0-9|]+)\)/#)?.output.1)
        let highlighted = Set(alternation.split(separator: "|").map(String.init))
        #expect(Set(Builtins.distributions.map(\.name)).subtracting(highlighted).isEmpty)
    }

    @Test func everyRegexCompiles() throws {
        let patterns = Self.regexes(in: try Self.grammar())
        #expect(patterns.count > 20)
        for (path, pattern) in patterns {
            #expect((try? NSRegularExpression(pattern: pattern)) != nil, "\(path): \(pattern)")
        }
    }

    @Test func theRulesMatchWhatTheyName() throws {
        let repository = try #require(try Self.grammar()["repository"] as? [String: Any])
        func matches(_ rule: String, _ text: String) throws -> Bool {
            let pattern = try #require((repository[rule] as? [String: Any])?["match"] as? String)
            let regex = try NSRegularExpression(pattern: pattern)
            return regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)).map { $0.range.length == (text as NSString).length } ?? false
        }
        #expect(try matches("number", "1.5e-3"))
        #expect(try matches("comment", "# a comment"))
        #expect(try matches("choice", "sample(\"p\""))
        #expect(try matches("definition", "def generate_type"))
        #expect(try !matches("number", "x1"))
    }
}
