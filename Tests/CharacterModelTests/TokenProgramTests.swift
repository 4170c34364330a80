import Foundation
import Testing
@testable import CharacterModel
import Inference
import Language
import Random

/// `Programs/characters/token.gns`: a token's choices, their log-probabilities and how they move the type's strokes.
@Suite struct TokenProgramTests {
    /// log p of every choice of `generate_token`, from the paper's constants written out here independently.
    func independentLogProbability(_ trace: Trace, strokes: [[SIMD2<Double>]]) throws -> Double {
        var total = 0.0
        for (i, stroke) in strokes.enumerated() {
            let shift = try #require(TestSupport.point(trace[Address([.name("stroke"), .index(i), .name("location")])]))
            total += TestSupport.logNormal(shift.x, 0, 1.3536) + TestSupport.logNormal(shift.y, 0, 1.2056)
            for j in stroke.indices {
                let jitter = try #require(TestSupport.point(trace[Address([.name("stroke"), .index(i), .name("shape"), .index(j)])]))
                total += TestSupport.logNormal(jitter.x, 0, 3.3593) + TestSupport.logNormal(jitter.y, 0, 3.3593)
            }
        }
        let scale = try #require(TestSupport.point(trace["scale"]))
        total += TestSupport.logNormal2(scale, mean: [1, 1], covariance: (0.0470, 0.0223, 0.0359))
        let translation = try #require(TestSupport.point(trace["translation"]))
        total += TestSupport.logNormal(translation.x, 0, 5.2658) + TestSupport.logNormal(translation.y, 0, 5.0867)
        total += -log(16 - 0.5) - log(0.5 - 0.0001)
        return total
    }

    @Test func assessEqualsTheSumOfTheChoicesLogProbabilities() throws {
        let model = try TestSupport.model("generate_token", in: "token.gns")
        var generator = SeededGenerator(seed: 11)
        for _ in 0..<5 {
            let trace = try model.simulate([TestSupport.value(TestSupport.type)], using: &generator)
            let expected = try independentLogProbability(trace, strokes: TestSupport.type)
            let assessed = try model.assess([TestSupport.value(TestSupport.type)], choices: trace.choices)
            #expect(abs(trace.score - expected) < 1e-9)
            #expect(abs(assessed.logProbability - expected) < 1e-9)
        }
    }

    @Test func tokenStrokesAreTheTypeMovedByShapeAndLocationNoise() throws {
        let model = try TestSupport.model("generate_token", in: "token.gns")
        var generator = SeededGenerator(seed: 12)
        let trace = try model.simulate([TestSupport.value(TestSupport.type)], using: &generator)
        guard case let .record(token) = trace.returnValue, case let .list(strokes)? = token["strokes"] else {
            Issue.record("generate_token must return a record with strokes, got \(trace.returnValue)")
            return
        }
        #expect(strokes.count == TestSupport.type.count)
        for (i, stroke) in TestSupport.type.enumerated() {
            guard case let .list(points) = strokes[i] else { Issue.record("stroke \(i) is not a list"); continue }
            #expect(points.count == stroke.count)
            let shift = try #require(TestSupport.point(trace[Address([.name("stroke"), .index(i), .name("location")])]))
            for (j, ideal) in stroke.enumerated() {
                let jitter = try #require(TestSupport.point(trace[Address([.name("stroke"), .index(i), .name("shape"), .index(j)])]))
                let moved = try #require(TestSupport.point(points[j]))
                #expect(abs(moved.x - (ideal.x + jitter.x + shift.x)) < 1e-12)
                #expect(abs(moved.y - (ideal.y + jitter.y + shift.y)) < 1e-12)
            }
        }
        for field in ["scale", "translation", "blur_sigma", "epsilon"] {
            #expect(token[field].map { $0.isEqual(to: trace[.name(field)]!) } == true, "token.\(field) is the choice")
        }
    }

    @Test func affineScaleHasThePapersCovariance() throws {
        // 3000 one-point tokens: the sample covariance entries of the scale have standard errors below
        // sqrt((σᵢ²σⱼ² + σᵢⱼ²) / n) ≈ 0.0014, so 5 standard errors is 0.007; the means' below 0.004 * 5 = 0.02.
        let model = try TestSupport.model("generate_token", in: "token.gns")
        var generator = SeededGenerator(seed: 13)
        let n = 3000
        var scales: [SIMD2<Double>] = []
        for _ in 0..<n {
            let trace = try model.simulate([TestSupport.value([[[50, -50]]])], using: &generator)
            scales.append(try #require(TestSupport.point(trace["scale"])))
        }
        let mean = scales.reduce(SIMD2<Double>.zero, +) / Double(n)
        let centred = scales.map { $0 - mean }
        let xx = centred.map { $0.x * $0.x }.reduce(0, +) / Double(n - 1)
        let xy = centred.map { $0.x * $0.y }.reduce(0, +) / Double(n - 1)
        let yy = centred.map { $0.y * $0.y }.reduce(0, +) / Double(n - 1)
        #expect(abs(mean.x - 1) < 0.02 && abs(mean.y - 1) < 0.02)
        #expect(abs(xx - 0.0470) < 0.007)
        #expect(abs(xy - 0.0223) < 0.007)
        #expect(abs(yy - 0.0359) < 0.007)
    }
}
