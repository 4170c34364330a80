import Dispatch
import Foundation

/// Fork-join over the cores: the one place the package spreads independent work over threads.
///
/// Closures handed to it capture raw pointers and scratch objects, which Swift cannot prove Sendable. What
/// makes sharing them safe is the contract of each entry point: `forEach` callers give every iteration a
/// disjoint part of any shared output, and `map` writes each result into a slot of its own and gives each
/// worker its own state.
public enum Parallel {
    /// Runs `body(i)` for every i in 0..<iterations, concurrently, and returns when all are done.
    ///
    /// `body` must only write to parts of shared memory that no other iteration touches.
    ///
    /// The iterations go to the calling thread and the `PartnerThread`, which answers within about a
    /// microsecond, when there are two of them (the kernels' two-way splits) or the machine has two cores;
    /// otherwise, or while the partner works for another thread, to Dispatch. A fork-join started from inside
    /// another one runs its iterations in turn on the current thread: the outer one already keeps the cores
    /// busy (Dispatch's nested `concurrentPerform` does the same).
    public static func forEach(_ iterations: Int, _ body: (Int) -> Void) {
        if iterations == 1 || ParallelRegion.isInside {
            for i in 0..<iterations { body(i) }
            return
        }
        let marked: (Int) -> Void = { i in ParallelRegion.enter { body(i) } }
        if iterations == 2 || ProcessInfo.processInfo.activeProcessorCount <= 2, let partner = PartnerThread.shared,
           partner.forEach(iterations, marked) { return }
        withoutActuallyEscaping(marked) { body in
            let shared = UncheckedSendable(value: body)
            DispatchQueue.concurrentPerform(iterations: iterations) { shared.value($0) }
        }
    }

    /// Runs `body` on the two halves of `0..<count` concurrently when `split` is true (the first half rounded
    /// up to a multiple of `granularity`), else on the whole range at once. `body` must only write to the parts
    /// of shared memory that belong to its range.
    public static func forEachHalf(of count: Int, splitting split: Bool, granularity: Int = 1, _ body: (Range<Int>) -> Void) {
        guard split, count >= 2 else { return body(0..<count) }
        let half = Swift.min(count, (count / 2 + granularity - 1) / granularity * granularity)
        forEach(2) { part in body(part == 0 ? 0..<half : half..<count) }
    }

    /// `transform(&state, i)` for every i in `indices`, spread over the cores, with the results in index order.
    ///
    /// Each worker calls `makeState` once and uses that state (a renderer, scratch buffers) for all of its
    /// indices, so no state is ever used by two threads at once; worker w of W takes indices w, w + W, ...
    /// (interleaved, so uneven costs even out). Results do not depend on the scheduling as long as
    /// `transform` only reads shared data and its result does not depend on what earlier calls left in the
    /// state. If some calls throw, every index still runs and the error of the lowest failing index is thrown,
    /// so errors are as deterministic as results. `progress`, if given, is called after each index (from the
    /// worker's thread, one call at a time) with the number finished so far.
    public static func map<State, T, E: Error>(_ indices: Range<Int>, makeState: () -> State,
                                               progress: ((Int) -> Void)? = nil,
                                               _ transform: (inout State, Int) throws(E) -> T) throws(E) -> [T] {
        guard !indices.isEmpty else { return [] }
        let count = indices.count
        let workers = min(count, ProcessInfo.processInfo.activeProcessorCount)
        let slots = UnsafeMutableBufferPointer<Result<T, E>?>.allocate(capacity: count)
        slots.initialize(repeating: nil)
        defer {
            slots.deinitialize()
            slots.deallocate()
        }
        let lock = NSLock()
        var finished = 0
        forEach(workers) { worker in
            var state = makeState()
            for offset in stride(from: worker, to: count, by: workers) {
                // Each offset belongs to exactly one worker, so the writes never overlap.
                slots[offset] = Result { () throws(E) -> T in try transform(&state, indices.lowerBound + offset) }
                if let progress {
                    lock.withLock {
                        finished += 1
                        progress(finished)
                    }
                }
            }
        }
        var results: [T] = []
        results.reserveCapacity(count)
        for slot in slots {
            // Every slot was written above: `forEach` returns only when all workers are done.
            guard let slot else { preconditionFailure("Parallel.map left an index unrun") }
            results.append(try slot.get())
        }
        return results
    }

    /// `transform(i)` for every i in `indices`, spread over the cores, with the results in index order;
    /// ``map(_:makeState:progress:_:)`` without per-worker state.
    public static func map<T, E: Error>(_ indices: Range<Int>, progress: ((Int) -> Void)? = nil,
                                        _ transform: (Int) throws(E) -> T) throws(E) -> [T] {
        try map(indices, makeState: {}, progress: progress) { (_: inout Void, i: Int) throws(E) -> T in try transform(i) }
    }
}

/// Whether the current thread is running an iteration of a `Parallel` fork-join (a flag per thread).
enum ParallelRegion {
    private static let key: pthread_key_t = {
        var key = pthread_key_t()
        pthread_key_create(&key, nil)
        return key
    }()

    static var isInside: Bool { pthread_getspecific(key) != nil }

    /// Runs `body` with the current thread marked as inside a fork-join.
    static func enter(_ body: () -> Void) {
        let outside = !isInside
        if outside { pthread_setspecific(key, UnsafeRawPointer(bitPattern: 1)) }
        defer { if outside { pthread_setspecific(key, nil) } }
        body()
    }
}

/// A value asserted safe to share across threads (see `Parallel`).
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
}
