/// 2×2 max-pooling with stride 2 on planes of floats; odd trailing rows/columns are dropped (PyTorch's floor mode).
public enum MaxPool {
    /// output[p, y, x] = max of input[p, 2y..2y+1, 2x..2x+1]; `argmax` receives, for each output, the flat
    /// index into `input` (plane offset included) of the winner, the first in row-major order on ties.
    /// `planes` = batch·channels; output and argmax are [planes, height/2, width/2].
    public static func forward2x2(planes: Int, height: Int, width: Int, input: UnsafePointer<Float>,
                                  output: UnsafeMutablePointer<Float>, argmax: UnsafeMutablePointer<Int32>) {
        // Planes are independent: split them over the cores when there is enough work (a batch of feature maps).
        Parallel.forEachHalf(of: planes, splitting: planes * height * width >= 1 << 17) { range in
            forward2x2(planes: range, height: height, width: width, input: input, output: output, argmax: argmax)
        }
    }

    private static func forward2x2(planes: Range<Int>, height: Int, width: Int, input: UnsafePointer<Float>,
                                   output: UnsafeMutablePointer<Float>, argmax: UnsafeMutablePointer<Int32>) {
        let (outputHeight, outputWidth) = (height / 2, width / 2)
        for plane in planes {
            for y in 0..<outputHeight {
                let top = (plane * height + 2 * y) * width
                let target = (plane * outputHeight + y) * outputWidth
                for x in 0..<outputWidth {
                    let upperLeft = top + 2 * x
                    var best = upperLeft
                    if input[upperLeft + 1] > input[best] { best = upperLeft + 1 }
                    if input[upperLeft + width] > input[best] { best = upperLeft + width }
                    if input[upperLeft + width + 1] > input[best] { best = upperLeft + width + 1 }
                    output[target + x] = input[best]
                    argmax[target + x] = Int32(truncatingIfNeeded: best)
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
