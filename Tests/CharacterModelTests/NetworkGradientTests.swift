import Foundation
import Testing
@testable import CharacterModel
import Inference
import Language
import Random

/// In gradient mode the location and stroke networks run on the tape, so a choice that a network is conditioned on
/// (a previous end point, a start, an offset) receives the gradient of every later choice's log-density.
@Suite struct NetworkGradientTests {
    /// A start conditioned on a sampled "previous end", then a three-offset stroke whose stop flags depend on the
    /// state, at temperatures other than 1; the canvas is blank, so nothing reaches the networks except through
    /// the choices.
    static let source = """
    def f() {
      let canvas = downsize(render([]))
      let previous = sample("previous", location_gmm(canvas, [20, -30]))
      let start = sample("start", location_gmm(canvas, previous, temperature: 0.5))
      let state = stroke_begin(canvas, start)
      let offset = [0, 0]
      for t in 0..3 {
        let step = stroke_step(state, offset, temperature: 0.7)
        state = step.state
        if t >= 1 {
          sample(("stop", t), bernoulli(step.stop))
        }
        offset = sample(("offset", t), step.offset)
      }
    }
    """

    @Test func theGradientMatchesDifferencesOfTheScore() throws {
        let model = try TestSupport.snippet(Self.source, "f", builtins: TestNetworks.builtins)
        var choices = ChoiceMap(["previous": .list([.number(40), .number(-35)]), "start": .list([.number(55), .number(-50)])])
        let offsets: [[Double]] = [[6, -4], [5, 2], [-3, 7]]
        for (t, offset) in offsets.enumerated() {
            choices[Address(["offset", .index(t)])] = .list(offset.map(Value.number))
            if t >= 1 { choices[Address(["stop", .index(t)])] = .bool(false) }
        }
        var generator = SeededGenerator(seed: 0)
        let trace = try model.generate([], constraints: choices, using: &generator).trace
        let continuous = ["previous", "start"].map { Address([.name($0)]) } + offsets.indices.map { Address(["offset", .index($0)]) }
        let gradients = try model.gradients(trace, selection: Selection(continuous))

        for (address, derivative) in gradients {
            guard case let .list(parts) = derivative, case let .list(point)? = trace[address] else { Issue.record("not a point"); continue }
            for axis in 0..<2 {
                // Central difference of the double-precision score (the evaluators' single-precision outputs put
                // ~1e-6 of noise on it, 5e-4 after dividing by 2h); the tape's single precision adds ~1e-5
                // relative. The gradient's size is ~0.1-10, so 1e-2 + 1e-3 relative separates a right gradient
                // from one missing a later choice's term (the previous end point's is all such terms).
                let h = 1e-3
                func score(_ delta: Double) throws -> Double {
                    var moved = point.compactMap(\.numberValue)
                    moved[axis] += delta
                    var changed = choices
                    changed[address] = .list(moved.map(Value.number))
                    return try model.assess([], choices: changed).logProbability
                }
                let difference = (try score(h) - score(-h)) / (2 * h)
                let tape = parts[axis].numberValue ?? .nan
                #expect(abs(tape - difference) < 1e-2 + 1e-3 * abs(difference), "\(address)[\(axis)]: tape \(tape), differences \(difference)")
            }
        }
        // The previous end point only conditions the start's network: without the networks on the tape its
        // gradient would be its own density's alone.
        let own = try TestSupport.snippet("def g() { sample(\"previous\", location_gmm(downsize(render([])), [20, -30])) }", "g",
                                          builtins: TestNetworks.builtins)
        let ownTrace = try own.generate([], constraints: ChoiceMap(["previous": choices[Address([.name("previous")])]!]), using: &generator).trace
        let ownGradient = try own.gradients(ownTrace, selection: .all)[0].derivative
        #expect("\(ownGradient)" != "\(gradients[0].derivative)")
    }
}
