import Foundation
import Language
import Random

/// The settings of ``Model/randomWalkMetropolis(_:selection:settings:using:)``.
public struct RandomWalkSettings: Sendable {
    /// Steps kept after burn-in (a step moves every selected choice once, or the block once).
    public var steps: Int
    /// Steps run first and discarded (adaptation happens here).
    public var burnIn: Int
    /// The proposal's standard deviation in the unconstrained coordinates (the start, when adapting).
    public var stepSize: Double
    /// One move of all selected choices together (true) or one move per choice in turn (false, single-site).
    public var block: Bool
    /// Whether burn-in adapts the step sizes toward the optimal acceptance rates (and, for a block, scales
    /// each coordinate by its standard deviation over the first half of burn-in).
    public var adapt: Bool

    /// Random-walk settings.
    public init(steps: Int = 1000, burnIn: Int = 500, stepSize: Double = 0.5, block: Bool = false, adapt: Bool = true) {
        self.steps = steps
        self.burnIn = burnIn
        self.stepSize = stepSize
        self.block = block
        self.adapt = adapt
    }
}

extension Model {
    /// Metropolis-Hastings with Gaussian random-walk proposals on the selected continuous choices, every
    /// other choice fixed. Moves happen in the unconstrained coordinates of ``ContinuousChoices`` with the
    /// log-Jacobian in the target, so bounded choices stay in their support and the chain targets the posterior
    /// of the original values. Single-site, each choice (a number, or a point or tensor as a whole) has its own
    /// step size; during burn-in step sizes follow a Robbins-Monro rule toward acceptance 0.44 for one number
    /// and 0.234 for several (Roberts, Gelman & Gilks 1997; Roberts & Rosenthal 2001). Each proposal is one
    /// `update` run of the program (no gradient).
    public func randomWalkMetropolis(_ trace: Trace, selection: Selection, settings: RandomWalkSettings,
                                     using generator: inout SeededGenerator) throws -> MarkovChain {
        try InferenceError.checkChainSettings([("steps", settings.steps, 1), ("burn_in", settings.burnIn, 0)], stepSize: settings.stepSize)
        let target = try UnconstrainedTarget(self, trace, selection: selection, includesJacobian: true)
        let layout = target.layout
        // The coordinate ranges moved together, and the choices each move counts for.
        let moves: [(range: Range<Int>, blocks: [Int])] = settings.block
            ? [(0..<layout.dimension, Array(layout.blocks.indices))]
            : layout.blocks.indices.map { (layout.blocks[$0].range, [$0]) }
        var adaptations = moves.map { StepSizeAdaptation(stepSize: settings.stepSize, target: $0.range.count == 1 ? 0.44 : 0.234) }
        var scale = [Double](repeating: 1, count: layout.dimension)
        var variance = RunningVariance(dimension: layout.dimension)
        var u = target.start
        var current = try target.density(u)
        guard current.logDensity.isFinite else {
            throw InferenceError.zeroProbability("the starting trace of the random walk", cause: trace.zeroProbabilityCause)
        }
        var recorder = ChainRecorder(coordinates: layout.blocks.flatMap { block in block.range.map { _ in block.address } },
                                     moved: layout.blocks.map(\.address))
        for step in 0..<(settings.burnIn + settings.steps) {
            for (index, move) in moves.enumerated() {
                var proposal = u
                let size = adaptations[index].stepSize
                for i in move.range { proposal[i] += size * scale[i] * generator.nextNormal() }
                let candidate = try target.density(proposal)
                let logAcceptance = candidate.logDensity - current.logDensity
                let accepted = log(generator.nextUniform()) < logAcceptance
                if accepted { (u, current) = (proposal, candidate) }
                if step < settings.burnIn, settings.adapt {
                    adaptations[index].update(acceptance: logAcceptance.isNaN ? 0 : min(1, exp(logAcceptance)))
                } else if step >= settings.burnIn {
                    for block in move.blocks { recorder.count(block, accepted: accepted) }
                }
            }
            if settings.block, settings.adapt, step < settings.burnIn / 2 {
                variance.add(u)
                if step == settings.burnIn / 2 - 1, step >= 20 { scale = variance.regularizedVariance.map { $0.squareRoot() } }
            }
            if step >= settings.burnIn { recorder.keep(target.values(at: u), returning: current.trace.returnValue) }
        }
        return recorder.chain(stepSize: settings.block ? adaptations[0].stepSize : nil, last: current.trace)
    }

    /// A chain of Metropolis-Hastings moves that resimulate one address at a time from its prior
    /// (``metropolisHastings(_:selection:using:)`` per address in `addresses`, in order, each step). Records
    /// the values of the addresses that hold numbers (or lists of numbers) in `trace`, NaN where a step's
    /// trace lacks one or its shape changed.
    public func metropolisHastings(_ trace: Trace, addresses: [Address], steps: Int, burnIn: Int,
                                   using generator: inout SeededGenerator) throws -> MarkovChain {
        try InferenceError.checkChainSettings([("steps", steps, 1), ("burn_in", burnIn, 0)])
        var recorded: [(address: Address, width: Int)] = []
        for address in addresses {
            if let value = trace[address], let flat = Self.numbers(in: value) { recorded.append((address, flat.count)) }
        }
        var recorder = ChainRecorder(coordinates: recorded.flatMap { item in (0..<item.width).map { _ in item.address } },
                                     moved: addresses)
        var trace = trace
        for step in 0..<(burnIn + steps) {
            for (index, address) in addresses.enumerated() {
                let next = try metropolisHastings(trace, selection: Selection([address]), using: &generator)
                trace = next.trace
                if step >= burnIn { recorder.count(index, accepted: next.accepted) }
            }
            if step >= burnIn {
                let row = recorded.flatMap { item -> [Double] in
                    guard let value = trace[item.address], let flat = Self.numbers(in: value), flat.count == item.width else {
                        return [Double](repeating: .nan, count: item.width)
                    }
                    return flat
                }
                recorder.keep(row, returning: trace.returnValue)
            }
        }
        return recorder.chain(stepSize: nil, last: trace)
    }

    /// The numbers of a number or a (nested) list of numbers, flat; nil for anything else.
    private static func numbers(in value: Value) -> [Double]? {
        if let x = value.numberValue { return [x] }
        guard case let .list(items) = value else { return nil }
        var flat: [Double] = []
        for item in items {
            guard let inner = numbers(in: item) else { return nil }
            flat += inner
        }
        return flat
    }
}
