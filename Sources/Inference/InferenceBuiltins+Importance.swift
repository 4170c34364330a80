import Language
import Random

extension InferenceBuiltins {
    /// `importance(model, args, particles: 1000, constraints: nil)` → `{samples, returns, weights, log_evidence,
    /// effective_sample_size}`: `particles` runs of `generate` with `constraints` (a choice map, or `[address,
    /// value]` pairs) fixed; `samples` are `particles` return values resampled by weight (systematic
    /// resampling, in particle order); `returns` and `weights` the raw particles. The first failing particle
    /// stops the others, and its error is reported with its `.gns` call stack.
    static let importance = Builtin("importance", parameters: [
        "model", "args", Builtin.Parameter("particles", default: .number(1000)), Builtin.Parameter("constraints", default: .nil),
    ]) { call in
        let model = try model(call, 0)
        let arguments = try call.list(1)
        let particles = try call.integer(2)
        try call.reserve(particles, "particles")
        try call.charge(particles)
        let constraints = try choiceMap(call.arguments[3], argument: 3)
        let seed = call.withGenerator { $0.next() }
        let result = try rethrowing(call) {
            try model.importanceSampling(arguments, constraints: constraints, particles: particles, seed: seed)
        }
        var generator = SeededGenerator(seed: seed, stream: UInt64(particles))
        let samples = result.resample(particles, using: &generator).map(\.returnValue)
        return record([
            ("samples", .list(samples)),
            ("returns", .list(result.traces.map(\.returnValue))),
            ("weights", .list(result.normalizedWeights.map(Value.number))),
            ("log_evidence", .number(result.logMarginalLikelihood)),
            ("effective_sample_size", .number(result.effectiveSampleSize)),
        ])
    }
}
