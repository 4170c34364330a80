import Foundation
import Testing
@testable import CharacterModel
import Inference
import Language
import Random
import Render
import Tensors

/// `Programs/characters/image.gns` and the `token_image` distribution: sampling, scoring and observing an image.
@Suite struct ImageProgramTests {
    /// The token record `.gns` code passes around (absolute control points).
    static var tokenValue: Value {
        .record(Record(names: ["strokes", "scale", "translation", "blur_sigma", "epsilon"], values: [
            TestSupport.value(TestSupport.type), .list([.number(1.1), .number(0.9)]), .list([.number(3), .number(-2)]),
            .number(1.5), .number(0.01),
        ]))
    }

    /// The same token for the renderer, its strokes written relative to their first point as the renderer's
    /// own format allows (the builtins pass absolute points with a zero start).
    static let relativeToken = RenderToken(
        strokes: TestSupport.type.map { stroke in RenderStroke(start: stroke[0], controlPoints: stroke.map { $0 - stroke[0] }) },
        scale: [1.1, 0.9], translation: [3, -2], blurSigma: 1.5, epsilon: 0.01)

    @Test func assessedImageLogProbabilityIsThePixelwiseBernoulliSum() throws {
        let model = try TestSupport.model("generate_image", in: "image.gns")
        var generator = SeededGenerator(seed: 21)
        let trace = try model.simulate([Self.tokenValue], using: &generator)
        guard case let .tensor(image)? = trace["image"] else {
            Issue.record("the image choice must be a tensor, got \(String(describing: trace["image"]))")
            return
        }
        #expect(image.shape == [105, 105])
        let probabilities = Renderer().probabilities(Self.relativeToken)
        let expected = TestSupport.bernoulliLogLikelihood(image.scalars, probabilities)
        let assessed = try model.assess([Self.tokenValue], choices: trace.choices).logProbability
        // Single-precision probabilities summed over 11025 pixels: agreement to 1e-4 relative.
        #expect(abs(assessed - expected) < 1e-4 * abs(expected))
        #expect(abs(trace.score - expected) < 1e-4 * abs(expected))
    }

    @Test func observingAnImageAddsItsLogLikelihoodToTheWeight() throws {
        let model = try TestSupport.model("generate_image", in: "image.gns")
        var pixels = [Float](repeating: 0, count: 105 * 105)
        for r in 30..<70 { pixels[r * 105 + 40] = 1 }
        let image = Value.tensor(Tensor(shape: [105, 105], scalars: pixels))
        var generator = SeededGenerator(seed: 22)
        let (trace, logWeight) = try model.generate([Self.tokenValue, image], constraints: ChoiceMap(), using: &generator)
        let expected = TestSupport.bernoulliLogLikelihood(pixels, Renderer().probabilities(Self.relativeToken))
        #expect(abs(logWeight - expected) < 1e-4 * abs(expected))
        #expect(trace.entries[.name("image")]?.origin == .observed)
    }

    @Test func sampledImagesHaveTheRenderedInkOnAverage() throws {
        // The on-pixel count of one sampled image has mean Σp and variance Σp(1-p): 5 standard deviations.
        let model = try TestSupport.model("generate_image", in: "image.gns")
        let probabilities = Renderer().probabilities(Self.relativeToken).map(Double.init)
        let mean = probabilities.reduce(0, +)
        let sd = probabilities.map { $0 * (1 - $0) }.reduce(0, +).squareRoot()
        var generator = SeededGenerator(seed: 23)
        for _ in 0..<3 {
            let trace = try model.simulate([Self.tokenValue], using: &generator)
            guard case let .tensor(image)? = trace["image"] else { Issue.record("no image"); return }
            let on = Double(image.scalars.filter { $0 == 1 }.count)
            #expect(abs(on - mean) < 5 * sd)
            #expect(image.scalars.allSatisfy { $0 == 0 || $0 == 1 })
        }
    }

    @Test func imageGradientMatchesFiniteDifferences() throws {
        // A control-point coordinate, the blur and the pixel noise as scalar choices, with an image observed:
        // the tape gradient (through token_image's renderer gradient) against central differences of assess.
        let source = """
        def model(image) {
          let x = sample("x", normal(40, 5))
          let blur = sample("blur", uniform(0.5, 16))
          let epsilon = sample("epsilon", uniform(0.0001, 0.5))
          let token = {strokes: [[[x, -30], [45, -50], [60, -72]]], scale: [1, 1], translation: [0, 0], blur_sigma: blur, epsilon: epsilon}
          observe("image", token_image(token), image)
        }
        """
        let model = try TestSupport.snippet(source, "model")
        var pixels = [Float](repeating: 0, count: 105 * 105)
        for r in 30..<72 { pixels[r * 105 + 44] = 1; pixels[r * 105 + 45] = 1 }
        let image = Value.tensor(Tensor(shape: [105, 105], scalars: pixels))
        let choices = ChoiceMap([.name("x"): .number(41.3), .name("blur"): .number(2.2), .name("epsilon"): .number(0.05)])
        var generator = SeededGenerator(seed: 24)
        let (trace, _) = try model.generate([image], constraints: choices, using: &generator)
        let gradient = try model.gradients(trace, selection: .all)
        for (address, derivative) in gradient {
            let h = 1e-3
            var plus = choices, minus = choices
            plus[address] = .number(choices[address]!.numberValue! + h)
            minus[address] = .number(choices[address]!.numberValue! - h)
            let numeric = (try model.assess([image], choices: plus).logProbability
                - model.assess([image], choices: minus).logProbability) / (2 * h)
            // The tape runs in single precision: 1% relative, or 0.05 absolute for small slopes.
            #expect(abs(derivative - numeric) < max(0.01 * abs(numeric), 0.05), "d/d\(address): tape \(derivative), numeric \(numeric)")
        }
        #expect(gradient.count == 3)
    }
}
