import Kernels

/// Operations on voxel volumes (NCDHW): 3-D convolution, 2×2×2 average pooling and 2× nearest upsampling.
extension Tensor {
    /// 3-D cross-correlation (PyTorch's `conv3d`): input `[N, C, D, H, W]`, weight `[O, C, k, k, k]`, optional bias
    /// `[O]` -> `[N, O, (D + 2p - k)/s + 1, (H + 2p - k)/s + 1, (W + 2p - k)/s + 1]`, zero padding.
    /// Shape mismatches are programmer errors.
    public static func conv3d(_ input: Tensor, weight: Tensor, bias: Tensor? = nil,
                              stride: Int = 1, padding: Int = 0) -> Tensor {
        precondition(input.rank == 5 && weight.rank == 5 && weight.shape[2] == weight.shape[3] && weight.shape[3] == weight.shape[4],
                     "conv3d needs input [N,C,D,H,W] and weight [O,C,k,k,k], got \(input.shape), \(weight.shape)")
        precondition(weight.shape[1] == input.shape[1], "conv3d channels differ: \(input.shape) vs \(weight.shape)")
        precondition(bias == nil || bias!.shape == [weight.shape[0]], "conv3d bias must be [\(weight.shape[0])]")
        precondition(stride >= 1 && padding >= 0, "conv3d needs stride >= 1 and padding >= 0")
        let geometry = Convolution3dShape(
            batch: input.shape[0], inChannels: input.shape[1], outChannels: weight.shape[0],
            depth: input.shape[2], height: input.shape[3], width: input.shape[4], kernelSize: weight.shape[2],
            stride: stride, padding: padding)
        let outputShape = [geometry.batch, geometry.outChannels, geometry.outputDepth, geometry.outputHeight, geometry.outputWidth]
        precondition(outputShape.allSatisfy { $0 > 0 }, "conv3d output would be empty for \(input.shape)")
        return convolution(input, weight: weight, bias: bias, outputShape: outputShape,
                           forward: { x, w, b, y in Convolution3d.forward(geometry, input: x, weight: w, bias: b, output: y) },
                           backward: { x, w, g, gx, gw, gb in
                               Convolution3d.backward(geometry, input: x, weight: w, outputGradient: g,
                                   inputGradient: gx, weightGradient: gw, biasGradient: gb)
                           })
    }

    /// 2×2×2 average pooling with stride 2 over the last three axes, which must be even: `[..., D, H, W]` ->
    /// `[..., D/2, H/2, W/2]`. A 32³ occupancy grid becomes a 16³ grid of filled fractions.
    public func averagePooled3d() -> Tensor {
        let (planes, extents) = volumeLayout("averagePooled3d")
        precondition(extents.allSatisfy { $0 % 2 == 0 }, "averagePooled3d needs even extents, got \(shape)")
        let outputShape = Array(shape.dropLast(3)) + extents.map { $0 / 2 }
        let value = Tensor(shape: outputShape, scalars: Self.resampled(scalars, count: count / 8) { x, y in
            VolumeResampling.blockSum(planes: planes, depth: extents[0], height: extents[1], width: extents[2], scale: 0.125, input: x, output: y)
        })
        guard let tape = Tape.recording(self) else { return value }
        let inputShape = shape
        return tape.record(value, inputs: [self]) { grad in
            // Each input voxel gets an eighth of its block's output gradient.
            [Tensor(shape: inputShape, scalars: Self.resampled(grad.scalars, count: grad.count * 8) { g, gx in
                VolumeResampling.spread(planes: planes, depth: extents[0] / 2, height: extents[1] / 2, width: extents[2] / 2,
                                        scale: 0.125, input: g, output: gx)
            })]
        }
    }

    /// 2× nearest-neighbour upsampling of the last three axes: `[..., D, H, W]` -> `[..., 2D, 2H, 2W]`, each voxel
    /// copied into a 2×2×2 block (a decoder's way from coarse to fine grids).
    public func upsampledNearest3d() -> Tensor {
        let (planes, extents) = volumeLayout("upsampledNearest3d")
        let outputShape = Array(shape.dropLast(3)) + extents.map { $0 * 2 }
        let value = Tensor(shape: outputShape, scalars: Self.resampled(scalars, count: count * 8) { x, y in
            VolumeResampling.spread(planes: planes, depth: extents[0], height: extents[1], width: extents[2], scale: 1, input: x, output: y)
        })
        guard let tape = Tape.recording(self) else { return value }
        let inputShape = shape
        return tape.record(value, inputs: [self]) { grad in
            // Each input voxel gathers the gradients of its whole block.
            [Tensor(shape: inputShape, scalars: Self.resampled(grad.scalars, count: grad.count / 8) { g, gx in
                VolumeResampling.blockSum(planes: planes, depth: 2 * extents[0], height: 2 * extents[1], width: 2 * extents[2],
                                          scale: 1, input: g, output: gx)
            })]
        }
    }

    /// Each 2×2×2 block of the last three axes becomes 8 channels: `[N, C, D, H, W]` -> `[N, 8C, D/2, H/2, W/2]`,
    /// channel 8c + (dz·2 + dy)·2 + dx holding voxel (2z + dz, 2y + dy, 2x + dx) of channel c. Lossless, unlike
    /// pooling: a fine grid enters a coarse network's layers whole.
    public func spaceToDepth3d() -> Tensor {
        precondition(rank == 5 && shape.suffix(3).allSatisfy { $0 % 2 == 0 }, "spaceToDepth3d needs [N, C, D, H, W] with even D, H, W, got \(shape)")
        let (n, c, d, h, w) = (shape[0], shape[1], shape[2] / 2, shape[3] / 2, shape[4] / 2)
        return reshaped([n, c, d, 2, h, 2, w, 2]).permuted([0, 1, 3, 5, 7, 2, 4, 6]).reshaped([n, 8 * c, d, h, w])
    }

    /// The inverse of ``spaceToDepth3d()``: `[N, 8C, D, H, W]` -> `[N, C, 2D, 2H, 2W]`, so a coarse layer's 8
    /// channels per voxel can be a fine grid's 2×2×2 blocks (a decoder's last step up without a fine-grid layer).
    public func depthToSpace3d() -> Tensor {
        precondition(rank == 5 && shape[1] % 8 == 0, "depthToSpace3d needs [N, 8C, D, H, W], got \(shape)")
        let (n, c, d, h, w) = (shape[0], shape[1] / 8, shape[2], shape[3], shape[4])
        return reshaped([n, c, 2, 2, 2, d, h, w]).permuted([0, 1, 5, 2, 6, 3, 7, 4]).reshaped([n, c, 2 * d, 2 * h, 2 * w])
    }

    /// The number of [D, H, W] volumes and their extents; a programmer error below rank 3 or with an empty axis.
    private func volumeLayout(_ operation: String) -> (planes: Int, extents: [Int]) {
        precondition(rank >= 3 && shape.suffix(3).allSatisfy { $0 > 0 }, "\(operation) needs [..., D, H, W], got \(shape)")
        let extents = Array(shape.suffix(3))
        return (count / extents.reduce(1, *), extents)
    }

    /// A buffer of `count` floats that `kernel(source, target)` fills completely from `source`.
    private static func resampled(_ source: [Float], count: Int,
                                  _ kernel: (UnsafePointer<Float>, UnsafeMutablePointer<Float>) -> Void) -> [Float] {
        [Float](unsafeUninitializedCapacity: count) { target, initialized in
            source.withUnsafeBufferPointer { kernel($0.baseAddress!, target.baseAddress!) }
            initialized = count
        }
    }
}
