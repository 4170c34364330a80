import Language
import Random

/// Gradient MCMC from scripts (`hmc`, `mala`) and the summary record that every MCMC builtin returns.
extension InferenceBuiltins {
    /// `hmc(model, args, selection: nil, steps: 1000, step_size: 0.1, leapfrog_steps: 10, burn_in: 500,
    /// adapt: true, chains: 1)` → an MCMC record (``chainsRecord(_:)``): Hamiltonian Monte Carlo over the
    /// selected continuous choices (all of them when `selection` is nil), each chain started from a prior
    /// simulation; with `adapt`, burn-in tunes the step size (dual averaging) and a diagonal metric.
    static let hamiltonianMonteCarlo = Builtin("hmc", parameters: [
        "model", "args", Builtin.Parameter("selection", default: .nil), Builtin.Parameter("steps", default: .number(1000)),
        Builtin.Parameter("step_size", default: .number(0.1)), Builtin.Parameter("leapfrog_steps", default: .number(10)),
        Builtin.Parameter("burn_in", default: .number(500)), Builtin.Parameter("adapt", default: .bool(true)),
        Builtin.Parameter("chains", default: .number(1)),
    ]) { call in
        let settings = HMCSettings(steps: try call.integer(3), burnIn: try call.integer(6), stepSize: try call.number(4),
                                   leapfrogSteps: try call.integer(5), adapt: try call.bool(7))
        return try runChains(call, chains: try call.integer(8)) { model, trace, selection, generator in
            try model.hamiltonianMonteCarlo(trace, selection: selection, settings: settings, using: &generator)
        }
    }

    /// `mala(model, args, selection: nil, steps: 1000, step_size: 0.1, burn_in: 500, adapt: true, chains: 1)` →
    /// an MCMC record: the Metropolis-adjusted Langevin algorithm (HMC with one leapfrog step).
    static let langevin = Builtin("mala", parameters: [
        "model", "args", Builtin.Parameter("selection", default: .nil), Builtin.Parameter("steps", default: .number(1000)),
        Builtin.Parameter("step_size", default: .number(0.1)), Builtin.Parameter("burn_in", default: .number(500)),
        Builtin.Parameter("adapt", default: .bool(true)), Builtin.Parameter("chains", default: .number(1)),
    ]) { call in
        let settings = HMCSettings.langevin(steps: try call.integer(3), burnIn: try call.integer(5), stepSize: try call.number(4),
                                            adapt: try call.bool(6))
        return try runChains(call, chains: try call.integer(7)) { model, trace, selection, generator in
            try model.hamiltonianMonteCarlo(trace, selection: selection, settings: settings, using: &generator)
        }
    }

    /// Runs `chains` chains of `model` (argument 0) on `args` (argument 1) over `selection` (argument 2), each
    /// from its own prior simulation and random stream (one draw of the caller's generator seeds them all).
    static func runChains(_ call: BuiltinCall, chains: Int,
                          _ run: (Model, Trace, Selection, inout SeededGenerator) throws -> MarkovChain) throws -> Value {
        let model = Model(interpreter: call.interpreter, function: call.arguments[0])
        let arguments = try call.list(1)
        let chosen = try selection(call.arguments[2])
        let seed = call.withGenerator { $0.next() }
        return try rethrowing(call) {
            chainsRecord(try model.chains(chains, seed: seed) { _, generator in
                let start = try model.simulate(arguments, using: &generator)
                return try run(model, start, chosen, &generator)
            })
        }
    }

    /// The record every MCMC builtin returns: `samples` (the return values after burn-in, chain after
    /// chain), `acceptance_rate`, `effective_sample_size` (the smallest over the recorded numbers) and
    /// `r_hat` (the largest; split R-hat, NaN for fewer than 4 draws), `per_choice` (one record per recorded
    /// number: `address`, `component` (its index in a point), `mean`, `sd`, `effective_sample_size`, `r_hat`,
    /// `acceptance_rate`), `step_size` (the adapted one, chain 0's; nil for prior moves) and `trace` (chain 0's
    /// last choices as `[address, value]` pairs).
    static func chainsRecord(_ chains: [MarkovChain]) -> Value {
        let first = chains[0]
        var perChoice: [Value] = []
        var smallestESS = Double.infinity, largestRHat = -Double.infinity
        var component = 0
        for (j, address) in first.coordinates.enumerated() {
            component = j > 0 && first.coordinates[j - 1] == address ? component + 1 : 0
            let columns = chains.map { $0.column(j) }
            let pooled = columns.flatMap { $0 }
            let mean = pooled.reduce(0, +) / Double(pooled.count)
            let sd = (pooled.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / Double(max(pooled.count - 1, 1))).squareRoot()
            let ess = ChainDiagnostics.effectiveSampleSize(columns), rHat = ChainDiagnostics.splitRHat(columns)
            smallestESS = min(smallestESS, ess.isNaN ? .infinity : ess)
            largestRHat = max(largestRHat, rHat.isNaN ? -.infinity : rHat)
            let rates = chains.map { chain in chain.acceptanceRates.first { $0.address == address }?.rate ?? .nan }
            perChoice.append(record([
                ("address", Value(address)), ("component", .number(Double(component))), ("mean", .number(mean)),
                ("sd", .number(sd)), ("effective_sample_size", .number(ess)), ("r_hat", .number(rHat)),
                ("acceptance_rate", .number(rates.reduce(0, +) / Double(rates.count))),
            ]))
        }
        return record([
            ("samples", .list(chains.flatMap(\.returns))),
            ("acceptance_rate", .number(chains.reduce(0) { $0 + $1.acceptanceRate } / Double(chains.count))),
            ("effective_sample_size", .number(smallestESS.isFinite ? smallestESS : .nan)),
            ("r_hat", .number(largestRHat.isFinite ? largestRHat : .nan)),
            ("per_choice", .list(perChoice)),
            ("step_size", first.stepSize.map(Value.number) ?? .nil),
            ("trace", choicesValue(first.last)),
        ])
    }

    /// `mh` with `step_size:` (Gaussian random-walk moves on the selected continuous choices, single-site or
    /// `block`, adapted during burn-in when `adapt`) or several `chains:` of prior-resimulation moves: chains
    /// start from prior simulations, run on both cores (chain i on stream i) and return ``chainsRecord(_:)``,
    /// with effective sample sizes, split R-hat and per-choice acceptance.
    static func chainedMetropolisHastings(_ call: BuiltinCall, steps: Int, burnIn: Int) throws -> Value {
        if case .nil = call.arguments[9] {
            let listed: [Address]?
            if case .nil = call.arguments[2] { listed = nil } else { listed = try call.list(2).map { try address(of: $0) } }
            return try runChains(call, chains: try call.integer(12)) { model, trace, _, generator in
                let addresses = listed ?? trace.addresses.filter { trace.entries[$0]?.origin == .sampled }
                return try model.metropolisHastings(trace, addresses: addresses, steps: steps, burnIn: burnIn, using: &generator)
            }
        }
        let settings = RandomWalkSettings(steps: steps, burnIn: burnIn, stepSize: try call.number(9), block: try call.bool(10),
                                          adapt: try call.bool(11))
        return try runChains(call, chains: try call.integer(12)) { model, trace, selection, generator in
            try model.randomWalkMetropolis(trace, selection: selection, settings: settings, using: &generator)
        }
    }
}
