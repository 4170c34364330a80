/// Bilinear resampling of planes with PyTorch's `F.interpolate(mode="bilinear", align_corners=False)`
/// semantics (no antialiasing), e.g. 105×105 -> 28×28.
public enum BilinearResize {
    /// output[p, y, x] interpolates input[p] at source point ((y + ½)·H/OH - ½, (x + ½)·W/OW - ½), clamped
    /// to the image. Overwrites `output` ([planes, outputHeight, outputWidth]).
    public static func forward(planes: Int, inputHeight: Int, inputWidth: Int, outputHeight: Int, outputWidth: Int,
                               input: UnsafePointer<Float>, output: UnsafeMutablePointer<Float>) {
        let rows = taps(input: inputHeight, output: outputHeight)
        let columns = taps(input: inputWidth, output: outputWidth)
        for plane in 0..<planes {
            let source = input + plane * inputHeight * inputWidth
            let target = output + plane * outputHeight * outputWidth
            for (y, row) in rows.enumerated() {
                let upper = source + row.low * inputWidth, lower = source + row.high * inputWidth
                for (x, column) in columns.enumerated() {
                    let top = upper[column.low] + column.fraction * (upper[column.high] - upper[column.low])
                    let bottom = lower[column.low] + column.fraction * (lower[column.high] - lower[column.low])
                    target[y * outputWidth + x] = top + row.fraction * (bottom - top)
                }
            }
        }
    }

    /// The adjoint of `forward`: each output gradient is spread onto its four source pixels with the
    /// interpolation weights (accumulates into `inputGradient`).
    public static func backward(planes: Int, inputHeight: Int, inputWidth: Int, outputHeight: Int, outputWidth: Int,
                                outputGradient: UnsafePointer<Float>, inputGradient: UnsafeMutablePointer<Float>) {
        let rows = taps(input: inputHeight, output: outputHeight)
        let columns = taps(input: inputWidth, output: outputWidth)
        for plane in 0..<planes {
            let gradient = outputGradient + plane * outputHeight * outputWidth
            let target = inputGradient + plane * inputHeight * inputWidth
            for (y, row) in rows.enumerated() {
                let upper = target + row.low * inputWidth, lower = target + row.high * inputWidth
                for (x, column) in columns.enumerated() {
                    let g = gradient[y * outputWidth + x]
                    let top = g * (1 - row.fraction), bottom = g * row.fraction
                    upper[column.low] += top * (1 - column.fraction)
                    upper[column.high] += top * column.fraction
                    lower[column.low] += bottom * (1 - column.fraction)
                    lower[column.high] += bottom * column.fraction
                }
            }
        }
    }

    /// Where one output coordinate samples along an axis: the two neighbouring source indices and the
    /// weight of the second.
    struct Tap {
        var low: Int
        var high: Int
        var fraction: Float
    }

    /// The taps of one axis. PyTorch computes the source coordinate as (i + ½)·scale - ½ with
    /// scale = input/output, clamps negatives to 0, and clamps the upper neighbour to the last index.
    static func taps(input: Int, output: Int) -> [Tap] {
        let scale = Float(input) / Float(output)
        return (0..<output).map { i in
            let source = max((Float(i) + 0.5) * scale - 0.5, 0)
            let low = min(Int(source), input - 1)
            return Tap(low: low, high: min(low + 1, input - 1), fraction: source - Float(low))
        }
    }
}
