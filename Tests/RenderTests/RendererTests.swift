import Foundation
import Testing
@testable import Render

@Suite struct RendererTests {
    /// A three-stroke character inside the canvas, warped, with blur and pixel noise.
    static func character(blurSigma: Double = 1.5, epsilon: Double = 0.05) -> RenderToken {
        RenderToken(
            strokes: [
                RenderStroke(start: [20, -20], controlPoints: [[0, 0], [15, -5], [30, -25], [50, -30]]),
                RenderStroke(start: [30, -60], controlPoints: [[0, 0], [20, 10.3], [45, 3]]),
                RenderStroke(start: [70, -25], controlPoints: [[0, 0], [-3, -20], [5, -40], [-10, -55], [-2, -62]]),
            ],
            scale: [1.08, 0.93], translation: [1.3, -2.1], blurSigma: blurSigma, epsilon: epsilon)
    }

    /// An observed image that agrees with the character in most places but not all: a thresholded render
    /// of a shifted copy.
    static func observed() -> [Bool] {
        var shifted = character()
        shifted.translation += [1.7, 0.6]
        return ReferenceRenderer.probabilities(shifted).map { $0 > 0.4 }
    }

    @Test(arguments: [0.0, 0.7, 3.0])
    func probabilitiesMatchTheNaiveReference(blurSigma: Double) {
        let token = Self.character(blurSigma: blurSigma)
        let fast = Renderer().probabilities(token)
        let slow = ReferenceRenderer.probabilities(token)
        let worst = zip(fast, slow).map { abs(Double($0) - $1) }.max() ?? 0
        #expect(worst < 1e-5)
        #expect(slow.contains { $0 > 0.5 })  // the character is actually inked
    }

    /// At the networks' blur (sigma 0.5, no pixel noise) the ink's tails stay clear of subnormal floats, which
    /// this CPU handles about a hundred times slower (see `negligibleTap`), and still match the reference.
    @Test func smallBlurMakesNoSubnormals() {
        let token = Self.character(blurSigma: 0.5, epsilon: 0)
        let fast = Renderer().probabilities(token)
        #expect(!fast.contains { $0.isSubnormal })
        let worst = zip(fast, ReferenceRenderer.probabilities(token)).map { abs(Double($0) - $1) }.max() ?? 0
        #expect(worst < 1e-5)
    }

    @Test func logLikelihoodMatchesTheNaiveReference() throws {
        let token = Self.character(), pixels = Self.observed()
        let image = try BinaryImage(pixels: pixels)
        let fast = Renderer().logLikelihood(token, image: image)
        let slow = ReferenceRenderer.logLikelihood(token, image: pixels)
        #expect(abs(fast - slow) < 1e-5 * abs(slow))
    }

    /// Every gradient against central finite differences of the double-precision reference.
    /// Step 1e-4: truncation error O(h^2) is negligible; the renderer computes in Float, so the tolerance is
    /// relative (1%) to the gradient's overall scale plus a small absolute floor.
    @Test(arguments: [0.0, 1.5])
    func gradientsMatchFiniteDifferences(blurSigma: Double) throws {
        let token = Self.character(blurSigma: blurSigma), pixels = Self.observed()
        let image = try BinaryImage(pixels: pixels)
        var gradient = RenderGradient()
        _ = Renderer().logLikelihood(token, image: image, gradient: &gradient)
        let h = 1e-4
        func difference(_ edit: (inout RenderToken, Double) -> Void) -> Double {
            var plus = token, minus = token
            edit(&plus, h)
            edit(&minus, -h)
            return (ReferenceRenderer.logLikelihood(plus, image: pixels) - ReferenceRenderer.logLikelihood(minus, image: pixels)) / (2 * h)
        }
        var pairs: [(analytic: Double, numeric: Double, name: String)] = []
        for s in token.strokes.indices {
            for axis in 0..<2 {
                pairs.append((gradient.starts[s][axis], difference { $0.strokes[s].start[axis] += $1 }, "start \(s).\(axis)"))
                for k in token.strokes[s].controlPoints.indices {
                    pairs.append((gradient.controlPoints[s][k][axis],
                                  difference { $0.strokes[s].controlPoints[k][axis] += $1 }, "control \(s).\(k).\(axis)"))
                }
            }
        }
        for axis in 0..<2 {
            pairs.append((gradient.scale[axis], difference { $0.scale[axis] += $1 }, "scale \(axis)"))
            pairs.append((gradient.translation[axis], difference { $0.translation[axis] += $1 }, "translation \(axis)"))
        }
        if blurSigma > 0 { pairs.append((gradient.blurSigma, difference { $0.blurSigma += $1 }, "sigma")) }
        pairs.append((gradient.epsilon, difference { $0.epsilon += $1 }, "epsilon"))
        let scale = pairs.map { abs($0.numeric) }.max() ?? 1
        #expect(scale > 1)  // the test is not vacuous
        for pair in pairs {
            #expect(abs(pair.analytic - pair.numeric) < 0.01 * scale + 1e-3, "\(pair.name): \(pair.analytic) vs \(pair.numeric)")
        }
    }

    /// Reusing a renderer gives the same answer as a fresh one (the workspace is fully reset between calls),
    /// including after rendering a larger character in between.
    @Test func workspaceReuseIsClean() throws {
        let renderer = Renderer()
        let small = RenderToken(strokes: [RenderStroke(absolute: [[50, -50], [55, -52]])], blurSigma: 1, epsilon: 0.01)
        let first = renderer.probabilities(small)
        _ = renderer.probabilities(Self.character(blurSigma: 4))
        #expect(renderer.probabilities(small) == first)
        #expect(Renderer().probabilities(small) == first)
    }

    @Test func offCanvasInkIsDroppedAndReported() {
        let renderer = Renderer()
        let token = RenderToken(strokes: [RenderStroke(absolute: [[-30, 10], [-10, 5], [10, -10]])], blurSigma: 1, epsilon: 0.1)
        let p = renderer.probabilities(token)
        #expect(renderer.inkOffPage)
        let slow = ReferenceRenderer.probabilities(token)
        #expect(zip(p, slow).allSatisfy { abs(Double($0) - $1) < 1e-5 })
        let empty = renderer.probabilities(RenderToken(strokes: [], blurSigma: 1, epsilon: 0.1))
        #expect(empty.allSatisfy { abs($0 - 0.1) < 1e-7 })
    }

    @Test func partialRendersAddOneStrokeAtATime() {
        let token = Self.character()
        let partial = Renderer().partialProbabilities(token)
        #expect(partial.count == 4)
        for k in 0...3 {
            var prefix = token
            prefix.strokes = Array(token.strokes.prefix(k))
            let slow = ReferenceRenderer.probabilities(prefix)
            #expect(zip(partial[k], slow).allSatisfy { abs(Double($0) - $1) < 1e-5 })
        }
    }

    @Test func badImageSizeIsATypedError() {
        #expect(throws: BinaryImageError.wrongPixelCount(3)) { try BinaryImage(pixels: [true, false, true]) }
    }
}
