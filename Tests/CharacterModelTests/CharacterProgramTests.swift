import Foundation
import Images
import Testing
@testable import CharacterModel
@testable import CharacterTasks
import Inference
import Language
import Random
import Render
import Tensors

/// `Programs/characters/character.gns` (type -> token -> image), the sampler that runs it and the sheet that draws it.
@Suite struct CharacterProgramTests {
    static func model() throws -> Model {
        try TestSupport.model("generate_character", in: "character.gns", builtins: TestNetworks.builtins)
    }

    @Test func scoreIsTypePlusTokenPlusImage() throws {
        // One run with the image observed: its score splits into the three programs' parts, each computed on
        // its own — the type by the Swift story, the token by token.gns alone, the image by the renderer.
        let model = try Self.model()
        var pixels = [Float](repeating: 0, count: 105 * 105)
        for r in 30..<70 { pixels[r * 105 + 45] = 1 }
        let image = Value.tensor(Tensor(shape: [105, 105], scalars: pixels))
        var generator = SeededGenerator(seed: 41)
        let (trace, logWeight) = try model.generate([image, .number(1)], constraints: ChoiceMap(), using: &generator)
        let sample = try CharacterSample(trace.returnValue)

        let typePart = try TestNetworks.typeLogProbability(sample.strokes)
        let tokenModel = try TestSupport.model("generate_token", in: "token.gns")
        var tokenChoices = ChoiceMap()
        for address in trace.addresses where address.hasPrefix("token") {
            tokenChoices[Address(Array(address.components.dropFirst()))] = trace[address]
        }
        let tokenPart = try tokenModel.assess([TestSupport.value(sample.strokes)], choices: tokenChoices).logProbability
        let imagePart = Renderer().logLikelihood(sample.token, image: try BinaryImage(pixels: pixels.map { $0 > 0.5 }))
        let expected = typePart + tokenPart + imagePart
        #expect(abs(trace.score - expected) < 1e-5 * abs(expected), "score \(trace.score), parts \(typePart) + \(tokenPart) + \(imagePart)")
        #expect(abs(logWeight - imagePart) < 1e-5 * abs(imagePart), "only the image is constrained")
        #expect(trace.entries[.name("image")]?.origin == .observed)
    }

    @Test func samplesDoNotDependOnHowManyAreDrawn() throws {
        let sampler = try CharacterSampler(programs: TestSupport.programs, builtins: TestNetworks.builtins)
        let three = try sampler.samples(count: 3, temperature: 0.5, seed: 9)
        let alone = try sampler.sample(2, temperature: 0.5, seed: 9)
        #expect(three.count == 3)
        #expect(three[2].strokes == alone.strokes && three[2].image == alone.image)
        #expect(three[0].strokes != three[1].strokes)
    }

    @Test func sheetLaysCellsOutInANearSquareGridWithStrokeColours() throws {
        let sample = try CharacterSample(.record(Record(names: ["strokes", "token", "image"], values: [
            TestSupport.value(TestSupport.type), ImageProgramTests.tokenValue, .tensor(Tensor(shape: [105, 105], scalars: [Float](repeating: 0, count: 105 * 105))),
        ])))
        let sheet = CharacterSheet(view: .type, coloursStrokes: true)
        let raster = sheet.raster(Array(repeating: sample, count: 5))
        // 5 cells: 3 columns, 2 rows of 105 pixels with 3-pixel gaps.
        #expect(raster.width == 3 * 108 + 3 && raster.height == 2 * 108 + 3 && raster.channels == 3)
        // The first stroke's pixels are tinted towards its palette colour (blue: blue channel above red).
        let start = CharacterSheet.gap + 45 * 1 // row 45 of the first cell, on the first stroke (x ≈ 31 there)
        let x = CharacterSheet.gap + 31
        let pixel = (start * raster.width + x) * 3
        #expect(raster.pixels[pixel + 2] > raster.pixels[pixel] + 50, "first stroke is blue: \(raster.pixels[pixel..<pixel + 3])")
        let gapPixel = (1 * raster.width + 1) * 3
        #expect(raster.pixels[gapPixel] == 200)
    }

    @Test(arguments: [
        ("stroke_step(5, [0, 0])", "'state' must be a stroke state (from stroke_begin), got a number"),
        ("location_gmm(render([]), [0, 0])", "the canvas must have shape [28, 28], got [105, 105]"),
        ("location_gmm(downsize(render([])), [0, 0], temperature: 0)", "'temperature' must be positive, got 0"),
        ("stroke_begin(downsize(render([])), [1])", "start must be a point [x, y], got [1]"),
        ("termination_prob(3)", "the canvas must be a 28x28 tensor, got a number"),
    ])
    func networkBuiltinsRejectBadArguments(_ call: String, _ message: String) throws {
        let error = try #require(TestSupport.runError("let x = \(call)\n", builtins: TestNetworks.builtins))
        #expect(error.contains(message), "\(error)")
        #expect(error.contains("snippet.gns:1:"), "\(error)")
    }

    @Test func aStrokeStateIsAValueNotAReference() throws {
        // Stepping from the same state twice gives the same step: stroke_step returns a new state and leaves its
        // argument as it was (inference re-runs programs and must not see one run's steps in another).
        let model = try TestSupport.snippet("""
        def f() {
          let state = stroke_begin(downsize(render([])), [40, -40])
          let a = stroke_step(state, [0, 0])
          let b = stroke_step(state, [0, 0])
          let c = stroke_step(a.state, [1, 1])
          return [a.stop, b.stop, c.stop]
        }
        """, "f", builtins: TestNetworks.builtins)
        var generator = SeededGenerator(seed: 0)
        guard case let .list(stops) = try model.simulate([], using: &generator).returnValue else { Issue.record("no list"); return }
        let values = stops.compactMap(\.numberValue)
        #expect(values.count == 3 && values[0] == values[1] && values[1] != values[2])
    }
}
