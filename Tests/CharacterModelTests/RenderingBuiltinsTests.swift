import Foundation
import Testing
@testable import CharacterModel
import Inference
import Language
import Random
import Render
import Tensors

/// The rendering builtins (`render`, `render_token`, `downsize`) against the renderer used directly and a
/// naive bilinear resize, and their argument errors.
@Suite struct RenderingBuiltinsTests {
    /// Runs `source`'s function `name` with no arguments and returns its tensor result.
    func tensor(_ source: String, _ name: String = "f") throws -> Tensor {
        let model = try TestSupport.snippet(source, name)
        var generator = SeededGenerator(seed: 0)
        let trace = try model.simulate([], using: &generator)
        guard case let .tensor(t) = trace.returnValue else { throw BuiltinError("expected a tensor, got \(trace.returnValue.typeName)") }
        return t
    }

    @Test func renderMatchesTheRendererOnRelativeStrokes() throws {
        let t = try tensor("def f() { return render([[[30, -20], [31, -45], [32, -70], [45, -75], [60, -76]], [[55, -30], [70, -31], [80, -33]]]) }")
        let strokes = TestSupport.type.map { s in RenderStroke(start: s[0], controlPoints: s.map { $0 - s[0] }) }
        let expected = Renderer().probabilities(RenderToken(strokes: strokes, blurSigma: 0.5, epsilon: 0))
        #expect(t.shape == [105, 105])
        #expect(zip(t.scalars, expected).allSatisfy { abs($0 - $1) < 1e-5 })
        #expect(t.scalars.contains { $0 > 0.5 })
    }

    @Test func renderingNoStrokesIsABlankCanvas() throws {
        let t = try tensor("def f() { return render([]) }")
        #expect(t.shape == [105, 105] && t.scalars.allSatisfy { $0 == 0 })
    }

    @Test func renderTokenAppliesTheWarpBlurAndNoise() throws {
        let t = try tensor("""
        def f() {
          return render_token({strokes: [[[30, -20], [31, -45], [32, -70], [45, -75], [60, -76]], [[55, -30], [70, -31], [80, -33]]],
                               scale: [1.1, 0.9], translation: [3, -2], blur_sigma: 1.5, epsilon: 0.01})
        }
        """)
        let expected = Renderer().probabilities(ImageProgramTests.relativeToken)
        #expect(zip(t.scalars, expected).allSatisfy { abs($0 - $1) < 1e-5 })
        #expect(t.scalars.min() ?? 0 >= 0.01 - 1e-6)
    }

    @Test func downsizeIsBilinearWithoutCornerAlignment() throws {
        // A canvas with a ramp and a bar; the naive resize samples at ((i + ½)·105/28 - ½), clamped, as PyTorch's
        // F.interpolate(mode="bilinear", align_corners=False) does.
        let t = try tensor("def f() { return downsize(render([[[10, -10], [50, -60], [95, -20]]])) }")
        let full = Renderer().probabilities(RenderToken(strokes: [RenderStroke(absolute: [[10, -10], [50, -60], [95, -20]])], blurSigma: 0.5, epsilon: 0))
        func sample(_ i: Int) -> (Int, Int, Float) {
            let source = max(0, (Double(i) + 0.5) * 105 / 28 - 0.5)
            let low = min(Int(source), 104)
            return (low, min(low + 1, 104), Float(source - Double(low)))
        }
        var naive = [Float](repeating: 0, count: 28 * 28)
        for y in 0..<28 {
            let (y0, y1, fy) = sample(y)
            for x in 0..<28 {
                let (x0, x1, fx) = sample(x)
                let top = full[y0 * 105 + x0] * (1 - fx) + full[y0 * 105 + x1] * fx
                let bottom = full[y1 * 105 + x0] * (1 - fx) + full[y1 * 105 + x1] * fx
                naive[y * 28 + x] = top * (1 - fy) + bottom * fy
            }
        }
        #expect(t.shape == [28, 28])
        #expect(zip(t.scalars, naive).allSatisfy { abs($0 - $1) < 1e-5 })
        #expect(naive.contains { $0 > 0.1 })
    }

    @Test(arguments: [
        ("render(3)", "render: strokes must be a list of strokes", 1, 8),
        ("render([[[1, 2], [3]]])", "strokes[0][1] must be a point [x, y], got [3]", 1, 8),
        ("render([[]])", "strokes[0] must be a non-empty list", 1, 8),
        ("render([[[1, 2]]], blur_sigma: -1)", "blur_sigma must lie in [0, 16], got -1", 1, 32),
        ("render([[[1, 2]]], 0.5, 2)", "epsilon must lie in [0, 1], got 2", 1, 25),
        ("downsize(tensor([[1, 2], [3, 4]]))", "the canvas must have shape [105, 105], got [2, 2]", 1, 10),
        ("downsize([1, 2])", "the canvas must be a 105x105 tensor, got a list", 1, 10),
        ("render_token({strokes: []})", "the token record has no field 'scale'", 1, 14),
        ("render_token(5)", "the token must be a record", 1, 14),
        ("token_image({strokes: [[[1, 2]]], scale: [1, 1], translation: [0, 0], blur_sigma: 1, epsilon: 7})",
         "token.epsilon must lie in [0, 1], got 7", 1, 13),
        ("render([[[1, nan]]])", "strokes[0][0] must have finite coordinates", 1, 8),
    ])
    func badArgumentsAreLanguageErrorsAtTheArgument(_ call: String, _ message: String, _ line: Int, _ column: Int) throws {
        let error = try #require(TestSupport.runError("let x = \(call)\n"))
        #expect(error.contains(message), "\(error)")
        #expect(error.contains("snippet.gns:\(line):\(column + 8)"), "\(error)")
    }

    @Test func tokenImageRejectsAnImageOfTheWrongSize() throws {
        let error = try #require(TestSupport.runError("""
        let d = token_image({strokes: [[[1, -2]]], scale: [1, 1], translation: [0, 0], blur_sigma: 1, epsilon: 0.1})
        observe("image", d, [true, false])
        """))
        #expect(error.contains("105x105"), "\(error)")
        #expect(error.contains("snippet.gns:2:"), "\(error)")
    }
}
