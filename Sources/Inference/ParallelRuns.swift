import Foundation
import Kernels
import Language

/// `body(i, cancellation)` for i in 0..<count, spread over the cores (``Parallel/map(_:progress:_:)``), with
/// the results in index order, for independent runs of a model (importance particles, chains).
///
/// The first failure stops the rest: once run f has thrown, runs with a higher index are not started and those
/// under way stop at their next cancellation poll (a few thousand steps), so a model stuck in an endless loop
/// costs one step limit, not one per run. Runs below f still finish, so the error thrown is always the one of
/// the lowest failing index, whatever the scheduling: errors are as reproducible as results.
func parallelRuns<T>(_ count: Int, _ body: (_ index: Int, _ cancellation: Cancellation) throws -> T) throws -> [T] {
    let failures = LowestFailure()
    return try Parallel.map(0..<count) { (index: Int) throws -> T in
        let cancellation = Cancellation { failures.index < index }
        // Never surfaces: a lower index failed, and its error is the one thrown.
        if cancellation.isRequested() { throw CancellationError() }
        do {
            return try body(index, cancellation)
        } catch {
            failures.record(index)
            throw error
        }
    }
}

/// The lowest index that has failed so far, shared by the workers of ``parallelRuns(_:_:)``.
private final class LowestFailure: @unchecked Sendable {
    private let lock = NSLock()
    private var lowest = Int.max

    var index: Int { lock.withLock { lowest } }

    func record(_ index: Int) { lock.withLock { lowest = min(lowest, index) } }
}
