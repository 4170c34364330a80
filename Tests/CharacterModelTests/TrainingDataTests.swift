import Random
import Testing
@testable import CharacterModel

@Suite struct TrainingDataTests {
    /// The stroke examples (the trainer's, and through `TypeExamples` the type-prior loss's) are the splines in
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
        let loss = TypeExamples(splines: splines, canvases: Array(repeating: [Float](repeating: 0, count: 784), count: 4))
        #expect(loss.starts.shape == [3, 2] && loss.offsets == examples.map(\.offsets))
    }
}
