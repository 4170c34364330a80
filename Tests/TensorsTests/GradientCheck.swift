import Testing
@testable import Tensors

/// The shared gradient check used by every op test.
///
/// For inputs `x` and an op `f`, the loss is `L(x) = sum_i w_i f(x)_i` with fixed random weights `w`,
/// evaluated in Double from the Float outputs. The tape's gradient (obtained by seeding the backward
/// pass with `w`) is compared with central differences `(L(x + h e) - L(x - h e)) / (x+ - x-)`,
/// dividing by the step actually representable in Float.
///
/// Step and tolerance: h = 1e-2 * max(1, |x|). Truncation error is h^2/6 * |f'''| ~ 2e-5 for the
/// smooth ops tested on O(1) inputs; Float rounding of the outputs contributes about
/// 6e-8 * sum|w_i y_i| / (2h) ~ 3e-6 * n for n outputs (n <= ~200 here). So |fd - ad| <= 2e-3 +
/// 1e-2 |fd| holds for correct gradients with a wide margin, while a wrong factor or sign (an error of
/// order |ad|, ~0.1-1) fails it. Inputs of non-smooth ops are generated away from their kinks by more
/// than h.
func gradientMismatches(_ inputs: [Tensor], seed: UInt64 = 7,
                        absoluteTolerance: Double = 2e-3, relativeTolerance: Double = 1e-2,
                        _ f: ([Tensor]) -> Tensor) -> [String] {
    var random = TestRandom(seed: seed)
    let plainOutput = f(inputs)
    let weights = random.tensor(plainOutput.shape, in: -1...1)
    func loss(_ xs: [Tensor]) -> Double {
        zip(f(xs).scalars, weights.scalars).reduce(0) { $0 + Double($1.0) * Double($1.1) }
    }

    let tape = Tape()
    let variables = inputs.map { tape.variable($0) }
    let output = f(variables)
    let gradients = tape.gradients(of: output, seed: weights)

    var mismatches: [String] = []
    for (which, input) in inputs.enumerated() {
        let analytic = gradients[variables[which]]
        guard analytic.shape == input.shape else {
            mismatches.append("input \(which): gradient shape \(analytic.shape) != input shape \(input.shape)")
            continue
        }
        for element in 0..<input.count {
            let x = input.scalars[element]
            let h = 1e-2 * Swift.max(1, Swift.abs(x))
            var plus = inputs, minus = inputs
            plus[which].withUnsafeMutableScalars { $0[element] = x + h }
            minus[which].withUnsafeMutableScalars { $0[element] = x - h }
            let step = Double(plus[which].scalars[element]) - Double(minus[which].scalars[element])
            let numeric = (loss(plus) - loss(minus)) / step
            let tapeValue = Double(analytic.scalars[element])
            if Swift.abs(numeric - tapeValue) > absoluteTolerance + relativeTolerance * Swift.abs(numeric) {
                mismatches.append("input \(which) \(input.shape) element \(element): tape \(tapeValue), finite difference \(numeric)")
            }
        }
    }
    return mismatches
}

/// Expects the tape's gradients of `f` to match central differences (see ``gradientMismatches``).
func checkGradients(_ inputs: [Tensor], seed: UInt64 = 7, sourceLocation: SourceLocation = #_sourceLocation,
                    _ f: ([Tensor]) -> Tensor) {
    let mismatches = gradientMismatches(inputs, seed: seed, f)
    #expect(mismatches.isEmpty, "\(mismatches.prefix(5).joined(separator: "\n"))", sourceLocation: sourceLocation)
}

@Suite struct GradientCheckTests {
    @Test func detectsAWrongBackward() {
        var random = TestRandom(seed: 1)
        let x = random.tensor([3, 2], in: 0.5...1.5)
        // x^2 with a backward that forgets the factor 2.
        let wrong = gradientMismatches([x]) { xs in
            Tensor.custom(inputs: [xs[0]], output: xs[0].detached * xs[0].detached) { g in [g * xs[0]] }
        }
        #expect(wrong.count == 6)
        let right = gradientMismatches([x]) { xs in
            Tensor.custom(inputs: [xs[0]], output: xs[0].detached * xs[0].detached) { g in [g * 2 * xs[0]] }
        }
        #expect(right.isEmpty)
    }

    @Test func tapeRejectsAWrongGradientShape() async {
        // A custom op whose backward returns a [2] gradient for a [2, 1] input is a programmer error.
        await #expect(processExitsWith: .failure) {
            let tape = Tape()
            let x = tape.variable(Tensor(shape: [2, 1], scalars: [1, 2]))
            let y = Tensor.custom(inputs: [x], output: x.detached) { g in [g.reshaped([2])] }
            _ = tape.gradients(of: y.sum())
        }
    }
}
