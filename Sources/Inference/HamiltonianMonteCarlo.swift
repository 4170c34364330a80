import Foundation
import Language
import Random

/// The settings of ``Model/hamiltonianMonteCarlo(_:selection:settings:using:)``.
public struct HMCSettings: Sendable {
    /// Steps kept after burn-in.
    public var steps: Int
    /// Steps run first and discarded (adaptation happens here).
    public var burnIn: Int
    /// The leapfrog step size in the unconstrained coordinates: fixed without adaptation, the start with it.
    public var stepSize: Double
    /// Leapfrog steps per move (1 makes MALA).
    public var leapfrogSteps: Int
    /// Whether burn-in adapts the step size by dual averaging and, when burn-in has at least 100 steps, a
    /// diagonal metric (the variances of the states between 15% and 90% of burn-in, Stan's slow window);
    /// without it every move uses `stepSize` and the identity metric.
    public var adapt: Bool
    /// The mean acceptance probability adaptation aims for.
    public var targetAcceptance: Double

    /// HMC settings; the defaults are Stan's target acceptance 0.8 and a short trajectory of 10 steps.
    public init(steps: Int = 1000, burnIn: Int = 500, stepSize: Double = 0.1, leapfrogSteps: Int = 10,
                adapt: Bool = true, targetAcceptance: Double = 0.8) {
        self.steps = steps
        self.burnIn = burnIn
        self.stepSize = stepSize
        self.leapfrogSteps = leapfrogSteps
        self.adapt = adapt
        self.targetAcceptance = targetAcceptance
    }

    /// MALA (the Metropolis-adjusted Langevin algorithm): one leapfrog step per move, which is exactly the
    /// Langevin proposal x' = x + (ε²/2) M⁻¹∇log p(x) + ε M^(-1/2) ξ with its MH correction; adaptation aims at
    /// acceptance 0.574, the optimum of Roberts & Rosenthal (1998).
    public static func langevin(steps: Int = 1000, burnIn: Int = 500, stepSize: Double = 0.1, adapt: Bool = true) -> HMCSettings {
        HMCSettings(steps: steps, burnIn: burnIn, stepSize: stepSize, leapfrogSteps: 1, adapt: adapt, targetAcceptance: 0.574)
    }

    func validate() throws {
        try InferenceError.checkChainSettings([("steps", steps, 1), ("burn_in", burnIn, 0), ("leapfrog_steps", leapfrogSteps, 1)],
                                              stepSize: stepSize)
        guard targetAcceptance > 0, targetAcceptance < 1 else {
            throw InferenceError.invalidSetting(name: "target acceptance", value: "\(targetAcceptance)", requirement: "must lie in (0, 1)")
        }
    }
}

extension Model {
    /// Hamiltonian Monte Carlo over the selected continuous choices of `trace`, every other choice fixed.
    /// The chain moves in the unconstrained coordinates of ``ContinuousChoices`` with the log-Jacobian added,
    /// so bounded choices never leave their support and the draws follow the posterior of the original values;
    /// points and tensors move as blocks. Each leapfrog step is one run of the program (score and gradient
    /// together). A move whose trajectory reaches a non-finite score is rejected. Returns the draws kept after
    /// `settings.burnIn`; the step size used after burn-in is `stepSize` of the result.
    public func hamiltonianMonteCarlo(_ trace: Trace, selection: Selection, settings: HMCSettings,
                                      using generator: inout SeededGenerator) throws -> MarkovChain {
        try settings.validate()
        let target = try UnconstrainedTarget(self, trace, selection: selection, includesJacobian: true)
        var u = target.start
        var current = try target.evaluate(u)
        guard current.logDensity.isFinite else {
            throw InferenceError.zeroProbability("the starting trace of HMC", cause: trace.zeroProbabilityCause)
        }
        let n = u.count
        var sampler = Leapfrog(target: target, inverseMetric: [Double](repeating: 1, count: n))
        var stepSize = settings.stepSize
        let adapts = settings.adapt && settings.burnIn > 0
        let adaptsMetric = adapts && settings.burnIn >= 100
        let window = (settings.burnIn * 15 / 100)..<(settings.burnIn * 90 / 100)
        var variance = RunningVariance(dimension: n)
        var averaging: DualAveraging?
        if adapts {
            stepSize = try sampler.reasonableStepSize(from: stepSize, at: u, current, using: &generator)
            averaging = DualAveraging(stepSize: stepSize, target: settings.targetAcceptance)
        }
        let layout = target.layout
        var recorder = ChainRecorder(coordinates: layout.blocks.flatMap { block in block.range.map { _ in block.address } },
                                     moved: layout.blocks.map(\.address))
        for step in 0..<(settings.burnIn + settings.steps) {
            let move = try sampler.move(from: u, current, stepSize: stepSize, leapfrogSteps: settings.leapfrogSteps, using: &generator)
            let accepted = log(generator.nextUniform()) < move.logAcceptance
            if accepted { (u, current) = (move.u, move.state) }
            if step < settings.burnIn {
                guard var adaptation = averaging else { continue }
                adaptation.update(acceptance: move.logAcceptance.isNaN ? 0 : min(1, exp(move.logAcceptance)))
                stepSize = adaptation.stepSize
                if adaptsMetric, window.contains(step) {
                    variance.add(u)
                    if step == window.upperBound - 1 {
                        // A new metric changes the scale: find a step size for it and restart the averaging.
                        sampler.inverseMetric = variance.regularizedVariance
                        stepSize = try sampler.reasonableStepSize(from: stepSize, at: u, current, using: &generator)
                        adaptation = DualAveraging(stepSize: stepSize, target: settings.targetAcceptance)
                    }
                }
                if step == settings.burnIn - 1 { stepSize = adaptation.finalStepSize }
                averaging = adaptation
            } else {
                for index in layout.blocks.indices { recorder.count(index, accepted: accepted) }
                recorder.keep(target.values(at: u), returning: current.returnValue)
            }
        }
        return recorder.chain(stepSize: stepSize, last: try target.trace(at: u))
    }
}

/// Leapfrog integration of Hamiltonian dynamics on an ``UnconstrainedTarget`` with a diagonal metric:
/// momentum p ~ N(0, M) with M = diag(1 / inverseMetric), kinetic energy ½ Σ inverseMetricᵢ pᵢ².
struct Leapfrog {
    let target: UnconstrainedTarget
    var inverseMetric: [Double]

    typealias State = (logDensity: Double, gradient: [Double], returnValue: Value)

    /// One HMC proposal from `u`: fresh momentum, `leapfrogSteps` steps of size `stepSize`, and the log
    /// acceptance probability H(start) - H(end) (-infinity if the trajectory left the finite region).
    func move(from u: [Double], _ state: State, stepSize: Double, leapfrogSteps: Int,
              using generator: inout SeededGenerator) throws -> (u: [Double], state: State, logAcceptance: Double) {
        var p = inverseMetric.map { generator.nextNormal() / $0.squareRoot() }
        let startEnergy = -state.logDensity + kinetic(p)
        var position = u, current = state
        for _ in 0..<leapfrogSteps {
            for i in p.indices { p[i] += 0.5 * stepSize * current.gradient[i] }
            for i in position.indices { position[i] += stepSize * inverseMetric[i] * p[i] }
            current = try target.evaluate(position)
            guard current.logDensity.isFinite, current.gradient.allSatisfy(\.isFinite) else {
                return (position, current, -.infinity)
            }
            for i in p.indices { p[i] += 0.5 * stepSize * current.gradient[i] }
        }
        let logAcceptance = startEnergy - (-current.logDensity + kinetic(p))
        return (position, current, logAcceptance.isNaN ? -.infinity : logAcceptance)
    }

    private func kinetic(_ p: [Double]) -> Double {
        zip(p, inverseMetric).reduce(0) { $0 + 0.5 * $1.1 * $1.0 * $1.0 }
    }

    /// Hoffman & Gelman's (2014, algorithm 4) heuristic: double or halve the step size until the acceptance
    /// probability of one leapfrog step crosses ½, so adaptation starts at the right scale.
    func reasonableStepSize(from start: Double, at u: [Double], _ state: State,
                            using generator: inout SeededGenerator) throws -> Double {
        var stepSize = start
        var logRatio = try move(from: u, state, stepSize: stepSize, leapfrogSteps: 1, using: &generator).logAcceptance
        let direction: Double = logRatio > log(0.5) ? 1 : -1
        for _ in 0..<60 where direction * logRatio > -direction * log(2.0) {
            stepSize *= pow(2, direction)
            logRatio = try move(from: u, state, stepSize: stepSize, leapfrogSteps: 1, using: &generator).logAcceptance
        }
        return stepSize
    }
}
