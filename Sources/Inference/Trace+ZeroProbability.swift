import Language

extension Trace {
    /// Why this trace has probability zero (score `-infinity`): the first choice, in visiting order, whose value
    /// lies outside its distribution's support, named by address, value, distribution and site; else the factors.
    /// Nil when the score is above `-infinity`.
    public var zeroProbabilityCause: String? {
        guard score == -.infinity else { return nil }
        for address in addresses {
            guard let entry = entries[address], entry.logProbability == -.infinity else { continue }
            let verb = switch entry.origin {
            case .observed: "observes"
            case .constrained: "is constrained to"
            case .sampled: "holds"
            }
            return "address \(address) \(verb) \(entry.value), which has probability zero under \(entry.distribution) "
                + "(\(entry.site))"
        }
        return factorLogWeight == -.infinity ? "a factor of -infinity" : nil
    }
}
