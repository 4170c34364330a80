/// A request from outside that a running execution stop early: inference asks it of the runs that an earlier
/// run's failure made pointless. The interpreter polls it every `pollInterval` steps (statements and loop
/// iterations), so even a run stuck in an endless loop stops within microseconds of the request.
public struct Cancellation: Sendable {
    /// Whether the run should stop now; called from the running thread, so it must be thread-safe.
    public let isRequested: @Sendable () -> Bool

    /// A cancellation that is requested once `isRequested` returns true.
    public init(_ isRequested: @escaping @Sendable () -> Bool) {
        self.isRequested = isRequested
    }

    /// How many steps pass between two polls.
    static let pollInterval = 4096
}
