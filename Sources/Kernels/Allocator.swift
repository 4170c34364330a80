#if canImport(Glibc)
import Glibc
#endif

/// Process-wide settings of the C allocator, for programs whose kernels allocate and free large scratch
/// buffers (unfolded convolution inputs, packed matrix panels: 0.1-1 MB each) many times a second.
public enum Allocator {
    /// Makes glibc's malloc keep freed memory for reuse instead of returning it to the system. By default a
    /// block over 128 KB is its own mapping, and memory freed at the top of the heap is given back; either
    /// way the next call faults fresh zeroed pages in, which cost a batch-1 stroke a quarter of its canvas
    /// CNN time (`gns-bench networks`: 10-offset stroke min 2.6 -> 2.25 ms). The price is a process that
    /// stays at its peak heap size. Call once, at the start of a command-line program; elsewhere, a no-op.
    public static func keepFreedMemoryForReuse() {
        #if canImport(Glibc)
        // mallopt is declared in <malloc.h>, which Swift's Glibc module does not import: look it up by name.
        typealias Mallopt = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(nil, "mallopt") else { return }
        let mallopt = unsafeBitCast(symbol, to: Mallopt.self)
        let (trimThreshold, mmapThreshold): (Int32, Int32) = (-1, -3)  // M_TRIM_THRESHOLD, M_MMAP_THRESHOLD
        _ = mallopt(mmapThreshold, 256 << 20)
        _ = mallopt(trimThreshold, 1 << 30)
        #endif
    }
}
