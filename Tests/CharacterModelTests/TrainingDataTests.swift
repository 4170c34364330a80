import Random
import Testing
@testable import CharacterModel

@Suite struct TrainingDataTests {
    /// The trainer's flat stroke examples carry, value for value, the network inputs the type-prior loss
    /// builds per drawing (`TypeExamples`, in tensors), and stroke k of a drawing points at canvas first + k.
    @Test func strokeExamplesMatchTheLossInputs() {
        var generator = SeededGenerator(seed: 11)
        let splines = [4, 2, 6].map { count in
            (0..<count).map { _ in SIMD2(generator.nextUniform(in: 0..<105), generator.nextUniform(in: -105..<0)) }
        }
        let reference = TypeExamples(splines: splines, canvases: Array(repeating: [Float](repeating: 0, count: 784), count: 4))
        let examples = TypeExampleSet.StrokeExample.examples(of: splines, firstCanvas: 5)
        #expect(examples.map(\.canvas) == [5, 6, 7])
        // Network space is (motor - [50, -50]) / 20, and the first stroke's "previous end" is [-2.5, 2.5].
        #expect(examples[0].previous == SIMD2(-2.5, 2.5))
        #expect(examples[1].start == SIMD2<Float>((splines[1][0] - [50, -50]) / 20))
        #expect(TypeExampleSet.pointTensor(examples.map(\.previous)).scalars == reference.previous.scalars)
        #expect(TypeExampleSet.pointTensor(examples.map(\.start)).scalars == reference.starts.scalars)
        #expect(TypeExampleSet.pointTensor(examples.map(\.start)).shape == [3, 2])
        #expect(examples.map(\.offsets) == reference.offsets)
    }
}
