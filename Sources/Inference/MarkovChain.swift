import Foundation
import Kernels
import Language
import Random

/// One Markov chain's run: the states kept after burn-in and how often each choice's moves were accepted.
public struct MarkovChain: Sendable {
    /// What each column of ``draws`` holds: the address of a recorded choice (a point `[x, y]` gives two columns).
    public let coordinates: [Address]
    /// One row per kept step: the recorded choices' values, flat; NaN where that step's trace lacked the choice.
    public let draws: [[Double]]
    /// The model's return value at each kept step.
    public let returns: [Value]
    /// Each moved choice (visiting order) with the fraction of its proposals accepted after burn-in.
    public let acceptanceRates: [(address: Address, rate: Double)]
    /// The step size after burn-in (random-walk and gradient moves; nil for moves from the prior).
    public let stepSize: Double?
    /// The chain's last state.
    public let last: Trace

    /// The fraction of all proposals accepted after burn-in.
    public var acceptanceRate: Double {
        acceptanceRates.isEmpty ? 0 : acceptanceRates.reduce(0) { $0 + $1.rate } / Double(acceptanceRates.count)
    }

    /// Column `j` of ``draws``.
    public func column(_ j: Int) -> [Double] { draws.map { $0[j] } }
}

/// Convergence diagnostics of several chains of one scalar quantity: split R-hat and the effective sample
/// size as Stan computes them (Gelman et al., BDA3 §11.4-11.5; Vehtari et al. 2021 without rank
/// normalisation): each chain is split in half, so a drifting chain also shows up.
public enum ChainDiagnostics {
    /// sqrt(var⁺ / W) over the split chains: near 1 when the chains agree, above 1.01 when they have not mixed.
    /// NaN if the chains are too short (fewer than 4 draws) or hold NaN.
    public static func splitRHat(_ chains: [[Double]]) -> Double {
        guard let halves = split(chains) else { return .nan }
        let (within, plus) = variances(halves)
        return within > 0 ? (plus / within).squareRoot() : .nan
    }

    /// M·N / τ over the split chains, with τ = -1 + 2 Σ Pₖ summed over Geyer's initial monotone sequence of
    /// autocorrelation pairs Pₖ = ρ₂ₖ + ρ₂ₖ₊₁, the autocorrelations ρₜ pooled across chains, capped at
    /// M·N·log₁₀(M·N) as Stan does. NaN as for R-hat.
    public static func effectiveSampleSize(_ chains: [[Double]]) -> Double {
        guard let halves = split(chains) else { return .nan }
        let m = halves.count, n = halves[0].count
        let means = halves.map { $0.reduce(0, +) / Double(n) }
        let (within, plus) = variances(halves)
        guard plus > 0 else { return .nan }
        // Autocovariance at lag t, biased (1/n), averaged over chains; W is the unbiased within-chain variance.
        func autocorrelation(_ t: Int) -> Double {
            var total = 0.0
            for (chain, mean) in zip(halves, means) {
                var sum = 0.0
                for i in 0..<(n - t) { sum += (chain[i] - mean) * (chain[i + t] - mean) }
                total += sum / Double(n)
            }
            return 1 - (within - total / Double(m)) / plus
        }
        var tau = -1.0
        var previous = Double.infinity
        var t = 0
        while t + 1 < n {
            var pair = autocorrelation(t) + autocorrelation(t + 1)
            if pair <= 0 { break }
            pair = min(pair, previous)
            tau += 2 * pair
            previous = pair
            t += 2
        }
        // Antithetic chains (ρ₁ < 0, as HMC gives) can make τ tiny; Stan caps ESS at M·N·log₁₀(M·N).
        return Double(m * n) / max(tau, 1 / log10(Double(m * n)))
    }

    /// Each chain's two halves (the middle draw dropped when odd), all cut to the shortest; nil if too short.
    private static func split(_ chains: [[Double]]) -> [[Double]]? {
        guard let shortest = chains.map(\.count).min(), shortest >= 4,
              chains.allSatisfy({ $0.allSatisfy(\.isFinite) }) else { return nil }
        let half = shortest / 2
        return chains.flatMap { [Array($0[0..<half]), Array($0[(shortest - half)..<shortest])] }
    }

    /// W (mean within-chain variance) and var⁺ = (n-1)/n W + B/n (B/n the variance of the chain means).
    private static func variances(_ chains: [[Double]]) -> (within: Double, plus: Double) {
        let m = Double(chains.count), n = Double(chains[0].count)
        let means = chains.map { $0.reduce(0, +) / n }
        let within = zip(chains, means).reduce(0) { total, pair in
            total + pair.0.reduce(0) { $0 + ($1 - pair.1) * ($1 - pair.1) } / (n - 1)
        } / m
        let grand = means.reduce(0, +) / m
        let between = m > 1 ? means.reduce(0) { $0 + ($1 - grand) * ($1 - grand) } / (m - 1) : 0
        return (within, (n - 1) / n * within + between)
    }
}

extension Model {
    /// Runs `count` independent chains spread over the cores: chain i draws from stream i of `seed` only, so
    /// the chains do not depend on the number of threads (or on how many other chains run).
    public func chains(_ count: Int, seed: UInt64,
                       _ run: (_ index: Int, _ generator: inout SeededGenerator) throws -> MarkovChain) throws -> [MarkovChain] {
        guard count >= 1 else {
            throw InferenceError.invalidSetting(name: "chains", value: "\(count)", requirement: "must be at least 1")
        }
        return try Parallel.map(0..<count) { (index: Int) throws -> MarkovChain in
            var generator = SeededGenerator(seed: seed, stream: UInt64(index))
            return try run(index, &generator)
        }
    }
}

extension InferenceError {
    /// Throws `invalidSetting` for the first count below its minimum, or for a step size that is not a
    /// positive number: the settings every chain takes.
    static func checkChainSettings(_ counts: [(name: String, value: Int, minimum: Int)], stepSize: Double? = nil) throws {
        for (name, value, minimum) in counts where value < minimum {
            throw InferenceError.invalidSetting(name: name, value: "\(value)", requirement: "must be at least \(minimum)")
        }
        if let stepSize, !(stepSize > 0 && stepSize.isFinite) {
            throw InferenceError.invalidSetting(name: "step_size", value: "\(stepSize)", requirement: "must be a positive number")
        }
    }
}

/// Counts of accepted and proposed moves per choice, and the chain's kept states, while a chain runs.
struct ChainRecorder {
    let coordinates: [Address]
    private(set) var draws: [[Double]] = []
    private(set) var returns: [Value] = []
    private var accepted: [Int]
    private var proposed: [Int]
    private let moved: [Address]

    /// A recorder of `coordinates` (draw columns) and acceptance counts for the choices in `moved`.
    init(coordinates: [Address], moved: [Address]) {
        self.coordinates = coordinates
        self.moved = moved
        accepted = moved.map { _ in 0 }
        proposed = moved.map { _ in 0 }
    }

    /// Counts one proposal for moved choice `index` (only after burn-in).
    mutating func count(_ index: Int, accepted wasAccepted: Bool) {
        proposed[index] += 1
        if wasAccepted { accepted[index] += 1 }
    }

    /// Keeps one state.
    mutating func keep(_ row: [Double], returning value: Value) {
        draws.append(row)
        returns.append(value)
    }

    func chain(stepSize: Double?, last: Trace) -> MarkovChain {
        let rates = moved.indices.map { (address: moved[$0], rate: proposed[$0] > 0 ? Double(accepted[$0]) / Double(proposed[$0]) : 0) }
        return MarkovChain(coordinates: coordinates, draws: draws, returns: returns, acceptanceRates: rates,
                           stepSize: stepSize, last: last)
    }
}

/// Robbins-Monro adaptation of a log step size toward a target acceptance rate during burn-in:
/// log s += (α - target) / t^0.6 at burn-in step t (a decaying gain, so the step size settles).
struct StepSizeAdaptation {
    private(set) var logStepSize: Double
    let target: Double
    private var t = 0.0

    init(stepSize: Double, target: Double) {
        logStepSize = log(stepSize)
        self.target = target
    }

    var stepSize: Double { exp(logStepSize) }

    mutating func update(acceptance: Double) {
        t += 1
        logStepSize += (acceptance - target) / pow(t, 0.6)
    }
}

/// Dual-averaging adaptation of the HMC step size (Hoffman & Gelman 2014, algorithm 5, with their constants
/// γ = 0.05, t₀ = 10, κ = 0.75): drives the mean acceptance statistic to `target` and settles on the
/// averaged step size.
struct DualAveraging {
    private let mu: Double
    private let target: Double
    private var t = 0.0
    private var averageError = 0.0
    private var logStepSize: Double
    private var logAverageStepSize = 0.0

    init(stepSize: Double, target: Double) {
        mu = log(10 * stepSize)
        self.target = target
        logStepSize = log(stepSize)
    }

    /// The step size to use next.
    var stepSize: Double { exp(logStepSize) }
    /// The averaged step size, to use after adaptation.
    var finalStepSize: Double { t > 0 ? exp(logAverageStepSize) : stepSize }

    mutating func update(acceptance: Double) {
        t += 1
        averageError += ((target - acceptance) - averageError) / (t + 10)
        logStepSize = mu - t.squareRoot() / 0.05 * averageError
        let weight = pow(t, -0.75)
        logAverageStepSize = weight * logStepSize + (1 - weight) * logAverageStepSize
    }
}

/// Running mean and variance (Welford), per coordinate: the scales of a diagonal metric or proposal.
struct RunningVariance {
    private(set) var count = 0
    private var mean: [Double]
    private var squares: [Double]

    init(dimension: Int) {
        mean = [Double](repeating: 0, count: dimension)
        squares = mean
    }

    mutating func add(_ x: [Double]) {
        count += 1
        for i in x.indices {
            let delta = x[i] - mean[i]
            mean[i] += delta / Double(count)
            squares[i] += delta * (x[i] - mean[i])
        }
    }

    /// The variances shrunk toward 1e-3 as Stan does ((n / (n + 5)) var + 1e-3 · 5 / (n + 5)), so a short
    /// window cannot give a zero scale.
    var regularizedVariance: [Double] {
        let n = Double(count)
        return squares.map { n / (n + 5) * ($0 / max(n - 1, 1)) + 1e-3 * 5 / (n + 5) }
    }
}
