/// The candidate closest to `word` by edit distance, when close enough to be a likely typo.
public func nearestName(_ word: String, in candidates: some Sequence<String>) -> String? {
    var best: (name: String, distance: Int)?
    for candidate in candidates {
        let distance = editDistance(word, candidate)
        if let current = best, (distance, candidate) >= (current.distance, current.name) { continue }
        best = (candidate, distance)
    }
    // One- and two-letter names are too short for a typo to be recognisable.
    let tolerance = word.count <= 2 ? 0 : max(1, (word.count + 1) / 3)
    guard let best, best.distance <= tolerance else { return nil }
    return best.name
}

/// Levenshtein distance, by characters (public so the inference engine's address suggestions share it).
public func editDistance(_ a: String, _ b: String) -> Int {
    let a = Array(a), b = Array(b)
    if a.isEmpty || b.isEmpty { return max(a.count, b.count) }
    var previous = Array(0...b.count)
    var current = previous
    for i in 1...a.count {
        current[0] = i
        for j in 1...b.count {
            current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1))
        }
        swap(&previous, &current)
    }
    return previous[b.count]
}
