#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Where the current thread's native stack ends, so deep `.gns` recursion stops with an
/// error before it could overflow the stack, whatever thread (main, test runner, inference
/// worker) the interpreter runs on.
enum NativeStack {
    /// The address of a local in the caller's frame: the stack's current depth.
    @inline(never)
    static func current() -> UInt {
        var marker: UInt8 = 0
        return withUnsafeMutablePointer(to: &marker) { UInt(bitPattern: $0) }
    }

    /// The lowest address calls may reach, leaving `reserve` bytes above the stack's end;
    /// 0 (no check) when the platform does not say where the stack ends.
    static func floor(reserving reserve: Int) -> UInt {
        #if os(Linux)
        guard let (base, size) = linuxStack() else { return 0 }
        return base + UInt(min(reserve, size / 2))
        #elseif canImport(Darwin)
        let top = UInt(bitPattern: pthread_get_stackaddr_np(pthread_self()))
        let size = UInt(pthread_get_stacksize_np(pthread_self()))
        return top - size + UInt(min(reserve, Int(size) / 2))
        #else
        return 0
        #endif
    }

    #if os(Linux)
    /// The current thread's stack (lowest address, size), asked of glibc once per thread: for the main thread
    /// glibc reads /proc/self/maps to answer (about 100 µs of system calls), and every interpreter run asks.
    private static func linuxStack() -> (base: UInt, size: Int)? {
        if let cached = pthread_getspecific(cacheKey) {
            let bounds = cached.assumingMemoryBound(to: UInt.self)
            return bounds[1] == 0 ? nil : (bounds[0], Int(bounds[1]))
        }
        // glibc's pthread_getattr_np is not exported to Swift (it is a GNU extension), so look it up.
        typealias GetAttributes = @convention(c) (pthread_t, UnsafeMutablePointer<pthread_attr_t>) -> Int32
        var base: UnsafeMutableRawPointer?
        var size = 0
        if let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "pthread_getattr_np") {
            let getAttributes = unsafeBitCast(symbol, to: GetAttributes.self)
            var attributes = pthread_attr_t()
            if getAttributes(pthread_self(), &attributes) == 0 {
                if pthread_attr_getstack(&attributes, &base, &size) != 0 { base = nil }
                pthread_attr_destroy(&attributes)
            }
        }
        // A size of 0 records "unknown", so the question is not asked again either.
        let bounds = malloc(2 * MemoryLayout<UInt>.stride)!.assumingMemoryBound(to: UInt.self)
        bounds[0] = UInt(bitPattern: base)
        bounds[1] = base == nil ? 0 : UInt(size)
        pthread_setspecific(cacheKey, bounds)
        return bounds[1] == 0 ? nil : (bounds[0], Int(bounds[1]))
    }

    /// The per-thread slot holding `linuxStack`'s answer, freed with the thread.
    private static let cacheKey: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key) { free($0) }
        return key
    }()
    #endif
}
