import Testing
import Spelling

@Suite struct SpellingTests {
    @Test func editDistanceMatchesKnownValues() {
        #expect(editDistance("kitten", "sitting") == 3)
        #expect(editDistance("", "abc") == 3)
        #expect(editDistance("abc", "") == 3)
        #expect(editDistance("same", "same") == 0)
        // A swap of neighbours is one edit (two in plain Levenshtein); "ca" -> "abc" still needs three.
        #expect(editDistance("rnu", "run") == 1)
        #expect(editDistance("ca", "abc") == 3)
        #expect(editDistance("flaw", "lawn") == 2)
    }

    @Test func editDistanceIsSymmetric() {
        let words = ["", "a", "ab", "ba", "abc", "acb", "total", "totl", "stroke", "strokes"]
        for a in words {
            for b in words { #expect(editDistance(a, b) == editDistance(b, a), "\(a) / \(b)") }
        }
    }

    @Test func nearestAllowsOneEditPerThreeCharacters() {
        #expect(nearest("totl", in: ["print", "total"]) == "total")
        #expect(nearest("rnu", in: ["run", "check", "trace"]) == "run")
        // Six characters allow two edits, not three.
        #expect(nearest("smaple", in: ["sample"]) == "sample")
        #expect(nearest("abcdef", in: ["abcxyz"]) == nil)
        #expect(nearest("abcdef", in: ["abxyef"]) == "abxyef")
    }

    @Test func nearestIgnoresShortWordsAndFarCandidates() {
        #expect(nearest("x", in: ["y", "xs"]) == nil)
        #expect(nearest("ab", in: ["ac"]) == nil)
        #expect(nearest("zebra", in: ["count", "width"]) == nil)
        #expect(nearest("anything", in: []) == nil)
    }

    @Test func nearestBreaksTiesByNameNotByOrder() {
        #expect(nearest("cat", in: ["bat", "hat"]) == "bat")
        #expect(nearest("cat", in: ["hat", "bat"]) == "bat")
    }
}
