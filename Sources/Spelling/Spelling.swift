/// "Did you mean ...?" for every error message in GNS: the command line's unknown options and commands, the
/// language's unknown names, fields and keyword arguments, and the engine's unvisited addresses all suggest a
/// name through ``nearest(_:in:)``, so they agree on what counts as a typo.

/// The candidate closest to `word` by ``editDistance(_:_:)``, when close enough to be a likely typo: at most one
/// edit per three characters of `word` (at least one). Words of one or two characters get no suggestion (any
/// short name is one edit from them). Among equally close candidates the first in sorted order wins, so the
/// suggestion does not depend on the order of `candidates`.
public func nearest(_ word: String, in candidates: some Sequence<String>) -> String? {
    let length = word.count
    guard length > 2 else { return nil }
    let tolerance = max(1, length / 3)
    var best: (name: String, distance: Int)?
    for candidate in candidates where candidate != word {
        let distance = editDistance(word, candidate)
        if let current = best, (distance, candidate) >= (current.distance, current.name) { continue }
        best = (candidate, distance)
    }
    guard let best, best.distance <= tolerance else { return nil }
    return best.name
}

/// The optimal-string-alignment distance between `a` and `b`, by characters: the fewest insertions, deletions,
/// substitutions and swaps of two adjacent characters that turn one into the other (Levenshtein plus swaps, the
/// commonest typo: `rnu` is one edit from `run`).
public func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
    // Three rows of the dynamic programme: i-2, i-1 and i.
    var beforePrevious = [Int](repeating: 0, count: b.count + 1)
    var previous = Array(0...b.count)
    var current = [Int](repeating: 0, count: b.count + 1)
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            let substitution = previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)
            current[j] = min(previous[j] + 1, current[j - 1] + 1, substitution)
            if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                current[j] = min(current[j], beforePrevious[j - 2] + 1)
            }
        }
        (beforePrevious, previous, current) = (previous, current, beforePrevious)
    }
    return previous[b.count]
}
