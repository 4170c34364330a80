import Random
import Testing
@testable import CharacterTraining
@testable import CharacterModel

@Suite struct TrainingDataTests {
    /// The stroke examples (the trainer's and the type-prior loss's) are the splines in
    /// network space, computed here by hand: network = (motor - [50, -50]) / 20; the first stroke's "previous
    /// end" is [-2.5, 2.5], later ones the previous spline's last point; offsets are control-point differences
    /// over 20; stroke k of a drawing points at canvas first + k.
    @Test func strokeExamplesAreTheSplinesInNetworkSpace() {
        var generator = SeededGenerator(seed: 11)
        let splines = [4, 2, 6].map { count in
            (0..<count).map { _ in SIMD2(generator.nextUniform(in: 0..<105), generator.nextUniform(in: -105..<0)) }
        }
        func network(_ p: SIMD2<Double>) -> SIMD2<Double> { (p - SIMD2(50, -50)) / 20 }
        func close(_ a: SIMD2<Float>, _ b: SIMD2<Double>) -> Bool { abs(Double(a.x) - b.x) < 1e-5 && abs(Double(a.y) - b.y) < 1e-5 }
        let examples = TypeExampleSet.StrokeExample.examples(of: splines, firstCanvas: 5)
        #expect(examples.map(\.canvas) == [5, 6, 7])
        for (k, spline) in splines.enumerated() {
            let previous = k == 0 ? SIMD2(-2.5, 2.5) : network(splines[k - 1][splines[k - 1].count - 1])
            #expect(close(examples[k].previous, previous), "stroke \(k) previous")
            #expect(close(examples[k].start, network(spline[0])), "stroke \(k) start")
            #expect(examples[k].offsets.count == spline.count - 1)
            for i in 1..<spline.count {
                #expect(close(examples[k].offsets[i - 1], (spline[i] - spline[i - 1]) / 20), "stroke \(k) offset \(i)")
            }
        }
    }

    /// Type-prior scoring reads a batch's drawings back from the example set by position: drawing d's canvases,
    /// strokes and terminations follow drawing d - 1's, and each drawing's last termination is its only stop.
    @Test func exampleSetsKeepDrawingsInOrder() {
        let types: [[[SIMD2<Double>]]] = [[[[10, -10], [30, -12]], [[20, -40], [22, -60], [40, -62]], [[60, -20], [80, -25]]],
                                          [[[50, -50], [70, -70]], [[30, -80], [50, -82]]]]
        let set = TypeExampleSet(types: types)
        #expect(set.canvases.count == (4 + 3) * 784)
        #expect(set.strokes.map(\.canvas) == [0, 1, 2, 4, 5])
        #expect(set.terminations.map(\.canvas) == [1, 2, 3, 5, 6])
        #expect(set.terminations.map(\.stop) == [false, false, true, false, true])
        #expect(set.strokes.map(\.offsets.count) == [1, 2, 1, 1, 1])
        #expect(set.canvases[(4 * 784)..<(5 * 784)].allSatisfy { $0 == 0 }, "the second drawing starts on an empty canvas")
        #expect(set.canvases[(5 * 784)..<(6 * 784)].contains { $0 > 0 }, "its second stroke sees the first")
    }
}
