/// Contiguous Float kernels (gemm, conv2d, pooling, resize) on unsafe buffers, SIMD and two-core Dispatch. The only place performance tricks live.
public enum KernelsModule {}
