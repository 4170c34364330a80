import Kernels

/// Why a canvas could not be resized.
public enum CanvasError: Error, Equatable, CustomStringConvertible {
    /// The pixel count does not match the canvas it should be.
    case wrongPixelCount(expected: Int, got: Int)

    /// A sentence naming the problem.
    public var description: String {
        switch self {
        case let .wrongPixelCount(expected, got): "a canvas needs \(expected) pixels, got \(got)"
        }
    }
}

/// The small canvas the GNS networks look at: the 105x105 image canvas resized to 28x28.
///
/// The reference (GNS-Modeling) shrinks its canvases with PyTorch's
/// `F.interpolate(size=(28, 28), mode='bilinear', align_corners=False)`; `downsized` reproduces that
/// exactly (no antialiasing), and `downsizedAdjoint` is its transpose, for gradients flowing back from a
/// network into the full canvas.
public enum Canvas {
    /// Side of the networks' input canvas, in pixels.
    public static let networkSize = 28

    /// The row-major 105x105 canvas resized bilinearly to row-major 28x28.
    public static func downsized(_ canvas: [Float]) throws(CanvasError) -> [Float] {
        let size = Coordinates.canvasSize, small = networkSize
        guard canvas.count == size * size else { throw .wrongPixelCount(expected: size * size, got: canvas.count) }
        var out = [Float](repeating: 0, count: small * small)
        canvas.withUnsafeBufferPointer { input in
            out.withUnsafeMutableBufferPointer { output in
                BilinearResize.forward(planes: 1, inputHeight: size, inputWidth: size, outputHeight: small,
                                       outputWidth: small, input: input.baseAddress!, output: output.baseAddress!)
            }
        }
        return out
    }

    /// The transpose of `downsized`: a 28x28 gradient spread back onto the 105x105 canvas.
    public static func downsizedAdjoint(_ gradient: [Float]) throws(CanvasError) -> [Float] {
        let size = Coordinates.canvasSize, small = networkSize
        guard gradient.count == small * small else { throw .wrongPixelCount(expected: small * small, got: gradient.count) }
        var out = [Float](repeating: 0, count: size * size)
        gradient.withUnsafeBufferPointer { input in
            out.withUnsafeMutableBufferPointer { output in
                BilinearResize.backward(planes: 1, inputHeight: size, inputWidth: size, outputHeight: small,
                                        outputWidth: small, outputGradient: input.baseAddress!,
                                        inputGradient: output.baseAddress!)
            }
        }
        return out
    }
}
