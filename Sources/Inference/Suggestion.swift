import Language

/// Nearest-name suggestions for error messages about addresses the model never visits.
enum Suggestion {
    /// The candidate closest to `name` in edit distance, if any is within half of `name`'s length (plus 2).
    static func nearest(to name: String, among candidates: some Sequence<String>) -> String? {
        var best: (candidate: String, distance: Int)?
        for candidate in candidates {
            let distance = editDistance(name, candidate)
            if distance < (best?.distance ?? .max) { best = (candidate, distance) }
        }
        guard let best, best.distance <= name.count / 2 + 2 else { return nil }
        return best.candidate
    }
}
