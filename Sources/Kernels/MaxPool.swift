/// 2×2 max-pooling with stride 2 on planes of floats; odd trailing rows/columns are dropped (PyTorch's floor mode).
public enum MaxPool {
    /// output[p, y, x] = max of input[p, 2y..2y+1, 2x..2x+1]; `argmax`, when given (a backward pass will need it),
    /// receives for each output the flat index into `input` (plane offset included) of the winner, the first in
    /// row-major order on ties. `planes` = batch·channels; output and argmax are [planes, height/2, width/2].
    public static func forward2x2(planes: Int, height: Int, width: Int, input: UnsafePointer<Float>,
                                  output: UnsafeMutablePointer<Float>, argmax: UnsafeMutablePointer<Int32>?) {
        // Planes are independent: split them over the cores when there is enough work (a batch of feature maps).
        Parallel.forEachHalf(of: planes, splitting: planes * height * width >= 1 << 17) { range in
            forward2x2(planes: range, height: height, width: width, input: input, output: output, argmax: argmax)
        }
    }

    /// Eight outputs at a time where a row has that many, by compares and selects: which of four values wins
    /// is data, and as branches it was mispredicted about once per output (13% of the termination CNN).
    private static func forward2x2(planes: Range<Int>, height: Int, width: Int, input: UnsafePointer<Float>,
                                   output: UnsafeMutablePointer<Float>, argmax: UnsafeMutablePointer<Int32>?) {
        typealias Lane = SIMD8<Float>
        let (outputHeight, outputWidth) = (height / 2, width / 2)
        let lanes = SIMD8<Int32>(0, 2, 4, 6, 8, 10, 12, 14)
        let (right, below, belowRight) = (Int32(1), Int32(width), Int32(width + 1))
        for plane in planes {
            for y in 0..<outputHeight {
                let top = (plane * height + 2 * y) * width
                let target = (plane * outputHeight + y) * outputWidth
                guard outputWidth >= Lane.scalarCount else {
                    for x in 0..<outputWidth {
                        let upperLeft = top + 2 * x
                        var best = input[upperLeft], offset: Int32 = 0
                        if input[upperLeft + 1] > best { best = input[upperLeft + 1]; offset = right }
                        if input[upperLeft + width] > best { best = input[upperLeft + width]; offset = below }
                        if input[upperLeft + width + 1] > best { best = input[upperLeft + width + 1]; offset = belowRight }
                        output[target + x] = best
                        argmax?[target + x] = Int32(truncatingIfNeeded: upperLeft) + offset
                    }
                    continue
                }
                // A width that is not a multiple of eight ends with a block overlapping the one before.
                var x = 0
                while x < outputWidth {
                    let x0 = min(x, outputWidth - Lane.scalarCount)
                    let upper = UnsafeRawPointer(input + top + 2 * x0).loadUnaligned(as: SIMD16<Float>.self)
                    let lower = UnsafeRawPointer(input + top + width + 2 * x0).loadUnaligned(as: SIMD16<Float>.self)
                    var best = upper.evenHalf, offset = SIMD8<Int32>()
                    var wins = upper.oddHalf .> best
                    best.replace(with: upper.oddHalf, where: wins)
                    offset.replace(with: right, where: wins)
                    wins = lower.evenHalf .> best
                    best.replace(with: lower.evenHalf, where: wins)
                    offset.replace(with: below, where: wins)
                    wins = lower.oddHalf .> best
                    best.replace(with: lower.oddHalf, where: wins)
                    offset.replace(with: belowRight, where: wins)
                    UnsafeMutableRawPointer(output + target + x0).storeBytes(of: best, as: Lane.self)
                    if let argmax {
                        let index = SIMD8<Int32>(repeating: Int32(truncatingIfNeeded: top + 2 * x0)) &+ lanes &+ offset
                        UnsafeMutableRawPointer(argmax + target + x0).storeBytes(of: index, as: SIMD8<Int32>.self)
                    }
                    x = x0 + Lane.scalarCount
                }
            }
        }
    }

    /// inputGradient[argmax[i]] += outputGradient[i] for every output i (accumulates).
    public static func backward2x2(planes: Int, height: Int, width: Int, argmax: UnsafePointer<Int32>,
                                   outputGradient: UnsafePointer<Float>, inputGradient: UnsafeMutablePointer<Float>) {
        for i in 0..<planes * (height / 2) * (width / 2) {
            inputGradient[Int(argmax[i])] += outputGradient[i]
        }
    }
}
