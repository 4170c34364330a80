import CharacterModel
import Distributions
import Foundation
import Inference
import Language
import Render
import Tensors

/// The marginal likelihood of an image under the model by Laplace's approximation at each parse (the paper's
/// appendix D, a lower bound when the parses' regions do not overlap): log P(I) ≈ log Σ_k P(I, z_k) (2π)^(d/2)
/// |H_k|^(-1/2), where z_k are the parse's continuous
/// choices (type and token, d of them; the token's blur and pixel noise are held at their refined values, see
/// ``ParseRefinement/laplaceSelection(_:)``) and H_k the Hessian of log P(I, z) there.
///
/// The engine makes H_k (``Inference/Model/laplace(_:selection:determinant:observations:)``): the latent choices'
/// part by differences of the tape's gradients, the image's part supplied by ``ImageCurvature``; |H_k| takes each
/// eigenvalue's magnitude, as the paper writes it, since a few directions curve up on the renderer's creases.
public struct LaplaceLikelihood: Sendable {
    /// log P(I) in nats, and per pixel (divided by 105²).
    public let logLikelihood: Double
    /// Each parse's term log P(I, z_k) + (d/2) log 2π - ½ log |-H_k| (nil where the parse is not a strict
    /// maximum and has no Laplace approximation).
    public let terms: [Double?]
    /// Each parse's number of continuous dimensions d.
    public let dimensions: [Int]
    /// Each parse's number of directions along which the score curves up (counted by magnitude, see
    /// ``ImageCurvature``): the refined parse is a maximum only above the pixel scale.
    public let upwardCurvatures: [Int]

    /// log P(I) per pixel.
    public var perPixel: Double { logLikelihood / Double(Coordinates.canvasSize * Coordinates.canvasSize) }

    /// The approximation over `parses` (refined runs of `generate_character`); throws if no parse has a Laplace
    /// approximation (none is a strict maximum), with the first parse's error.
    public init(parses: [CharacterParse], curvature: ImageCurvature = ImageCurvature()) throws {
        try self.init(runs: parses.map(\.trace), curvature: curvature)
    }

    /// The approximation over `runs` of `generate_character` at the parses' refined choices (as
    /// ``ImageParse/run(of:image:)`` rebuilds them from a parse cache).
    public init(runs: [Trace], curvature: ImageCurvature = ImageCurvature()) throws {
        var terms: [Double?] = [], dimensions: [Int] = [], upward: [Int] = [], firstError: (any Error)?
        for trace in runs {
            do {
                let laplace = try trace.model.laplace(trace, selection: ParseRefinement.laplaceSelection(trace),
                                                      determinant: .absolute) { coordinates in try curvature.hessian(coordinates) }
                terms.append(laplace.logMarginalLikelihood)
                dimensions.append(laplace.coordinates.count)
                upward.append(laplace.nonNegativeCurvatures)
            } catch {
                firstError = firstError ?? error
                terms.append(nil)
                dimensions.append(0)
                upward.append(0)
            }
        }
        let present = terms.compactMap { $0 }
        guard !present.isEmpty else { throw firstError ?? CharacterTaskError.noCandidates }
        logLikelihood = Special.logSumExp(present)
        self.terms = terms
        self.dimensions = dimensions
        upwardCurvatures = upward
    }
}

/// The curvature of log P(I | token) with respect to a parse's continuous choices, for the Laplace approximation.
///
/// The image depends on the choices only through the warped control points the renderer draws, r (the type's
/// points plus the token's shape and location noise, scaled and translated), and r is linear in every choice but
/// the affine scale, in which it is linear alone. So the Hessian is Jᵀ H_r J, with J = ∂r/∂z exact from central
/// differences of the program's returned token, and H_r the Hessian of the image log-likelihood over r.
///
/// H_r is where the renderer's roughness lives: ink is shared bilinearly among pixels, so the gradient jumps
/// whenever a trajectory point crosses a pixel boundary, and refinement stops on such a crease. H_r is the
/// central difference of the renderer's gradient over ±``step`` pixels: the curvature at the scale the
/// posterior spreads over, not that of the crease. Differencing every choice of the parse directly fails for
/// the same reason: a type's point and its token's noise move the same ink, and their differences, each
/// crossing different creases, disagree by far more than the weak prior curvature that separates them.
public struct ImageCurvature: Sendable {
    /// The half-width, in pixels, of the differences of the image log-likelihood's gradient.
    public var step: Double

    public init(step: Double = 0.25) {
        self.step = step
    }

    /// The d x d Hessian (row-major) of log P(I | token) over the Laplace coordinates of a `generate_character` run.
    public func hessian(_ coordinates: LaplaceCoordinates) throws -> [Double] {
        let token = try Self.token(of: coordinates.mode)
        guard case let observed? = coordinates.mode.arguments.first, case .tensor = observed else {
            throw CharacterTaskError.notACharacterRun(missing: "image argument")
        }
        let image = try StrokeValues.image(observed)
        let points = Self.flat(token.warpedControlPoints)
        let (m, n) = (points.count, coordinates.center.count)

        // J (m x n, row-major): r moves exactly linearly with each choice, so the difference is exact up to rounding.
        var jacobian = [Double](repeating: 0, count: m * n)
        for j in 0..<n {
            let h = 1e-3 * max(1, abs(coordinates.center[j]))
            var plus = coordinates.center, minus = plus
            plus[j] += h
            minus[j] -= h
            let (up, down) = (Self.flat(try Self.token(of: coordinates.run(plus)).warpedControlPoints),
                              Self.flat(try Self.token(of: coordinates.run(minus)).warpedControlPoints))
            for i in 0..<m { jacobian[i * n + j] = (up[i] - down[i]) / (2 * h) }
        }

        // H_r (m x m), from the renderer's gradient with respect to the warped points under the identity warp.
        let renderer = Renderer()
        let shape = token.strokes.map(\.controlPoints.count)
        let pointsHessian = Hessian.byCentralDifferences(at: points, steps: Array(repeating: step, count: m)) { r in
            var strokes: [RenderStroke] = [], position = 0
            for count in shape {
                strokes.append(RenderStroke(absolute: (0..<count).map { SIMD2(r[position + 2 * $0], r[position + 2 * $0 + 1]) }))
                position += 2 * count
            }
            var gradient = RenderGradient()
            _ = renderer.logLikelihood(RenderToken(strokes: strokes, blurSigma: token.blurSigma, epsilon: token.epsilon),
                                       image: image, gradient: &gradient)
            return Self.flat(gradient.controlPoints)
        }

        // Jᵀ H_r J.
        var product = [Double](repeating: 0, count: m * n)   // H_r J
        for i in 0..<m {
            for k in 0..<m where pointsHessian[i][k] != 0 {
                let weight = pointsHessian[i][k]
                for j in 0..<n { product[i * n + j] += weight * jacobian[k * n + j] }
            }
        }
        var hessian = [Double](repeating: 0, count: n * n)
        for i in 0..<m {
            for a in 0..<n where jacobian[i * n + a] != 0 {
                let weight = jacobian[i * n + a]
                for b in 0..<n { hessian[a * n + b] += weight * product[i * n + b] }
            }
        }
        return hessian
    }

    /// The token record a `generate_character` run returned, as the renderer's token.
    private static func token(of run: Trace) throws -> RenderToken {
        guard case let .record(record) = run.returnValue, let token = record["token"] else {
            throw CharacterTaskError.notACharacterRun(missing: "returned token")
        }
        return try StrokeValues.token(token, argument: 0)
    }

    private static func flat(_ strokes: [[SIMD2<Double>]]) -> [Double] {
        strokes.flatMap { $0.flatMap { [$0.x, $0.y] } }
    }
}
