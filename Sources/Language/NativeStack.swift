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
        // glibc's pthread_getattr_np is not exported to Swift (it is a GNU extension), so look it up.
        typealias GetAttributes = @convention(c) (pthread_t, UnsafeMutablePointer<pthread_attr_t>) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "pthread_getattr_np") else { return 0 }
        let getAttributes = unsafeBitCast(symbol, to: GetAttributes.self)
        var attributes = pthread_attr_t()
        guard getAttributes(pthread_self(), &attributes) == 0 else { return 0 }
        defer { pthread_attr_destroy(&attributes) }
        var base: UnsafeMutableRawPointer?
        var size = 0
        guard pthread_attr_getstack(&attributes, &base, &size) == 0, let base else { return 0 }
        return UInt(bitPattern: base) + UInt(min(reserve, size / 2))
        #elseif canImport(Darwin)
        let top = UInt(bitPattern: pthread_get_stackaddr_np(pthread_self()))
        let size = UInt(pthread_get_stacksize_np(pthread_self()))
        return top - size + UInt(min(reserve, Int(size) / 2))
        #else
        return 0
        #endif
    }
}
