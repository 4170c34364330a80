import Foundation
import Kernels
import Testing

@Suite struct ParallelTests {
    /// Results come back in index order although workers finish in any order: the early indices are made
    /// the slowest, so in-order completion would be unlikely, and order is checked exactly.
    @Test func mapKeepsIndexOrder() {
        let results = Parallel.map(3..<40) { i -> Int in
            if i < 8 { Thread.sleep(forTimeInterval: 0.002) }
            return i * i
        }
        #expect(results == (3..<40).map { $0 * $0 })
    }

    /// forEachHalf covers 0..<count exactly once: as two ranges meeting at count/2 rounded up to the granularity
    /// when splitting, as one range otherwise.
    @Test(arguments: [(10, true, 1, 5), (13, true, 4, 8), (9, true, 1, 4), (10, false, 1, 10), (1, true, 1, 1)])
    func forEachHalfCoversTheRangeOnce(count: Int, split: Bool, granularity: Int, firstEnd: Int) {
        let calls = LockedCounts(count: count), ranges = LockedList()
        Parallel.forEachHalf(of: count, splitting: split, granularity: granularity) { range in
            ranges.append(range.lowerBound)
            for i in range { calls.increment(i) }
        }
        #expect(calls.values == Array(repeating: 1, count: count))
        #expect(ranges.values.sorted() == (firstEnd == count ? [0] : [0, firstEnd]))
    }

    /// Every index is run exactly once (counted under a lock, independently of the returned values).
    @Test func mapRunsEveryIndexOnce() {
        let calls = LockedCounts(count: 100)
        let results = Parallel.map(0..<100) { i -> Int in
            calls.increment(i)
            return i
        }
        #expect(calls.values == Array(repeating: 1, count: 100))
        #expect(results == Array(0..<100))
    }

    /// Each worker's state is made once and never used by two threads at once: a state marks itself busy
    /// for the duration of a call (with a pause, so an overlap would be caught), and a second entry while
    /// busy is recorded. At most one state per core is made, and every index reports which state ran it.
    @Test func perWorkerStateIsNeverShared() {
        let made = LockedCounts(count: 1)
        let results = Parallel.map(0..<64, makeState: { () -> Scratch in
            made.increment(0)
            return Scratch()
        }) { scratch, i -> (index: Int, scratch: Scratch) in
            scratch.enter()
            Thread.sleep(forTimeInterval: 0.0005)
            scratch.leave()
            return (i, scratch)
        }
        #expect(results.map(\.index) == Array(0..<64))
        #expect(made.values[0] >= 1 && made.values[0] <= ProcessInfo.processInfo.activeProcessorCount)
        let states = Set(results.map { ObjectIdentifier($0.scratch) })
        #expect(states.count == made.values[0])
        #expect(results.allSatisfy { $0.scratch.overlapCount == 0 })
    }

    /// With several failures, the error of the lowest failing index is thrown, and every index still runs.
    @Test func mapThrowsTheLowestFailingIndex() {
        struct Failure: Error, Equatable { let index: Int }
        let calls = LockedCounts(count: 30)
        #expect(throws: Failure(index: 7)) {
            _ = try Parallel.map(0..<30) { (i: Int) throws(Failure) -> Int in
                calls.increment(i)
                if i == 7 || i == 8 || i == 25 { throw Failure(index: i) }
                return i
            }
        }
        #expect(calls.values == Array(repeating: 1, count: 30))
    }

    /// `progress` sees 1, 2, ..., n, one call at a time, and an empty range makes no call at all.
    @Test func progressCountsEveryFinishedIndex() {
        let seen = LockedList()
        _ = Parallel.map(0..<50, progress: { seen.append($0) }) { $0 }
        #expect(seen.values == Array(1...50))
        #expect(Parallel.map(0..<0, progress: { seen.append($0) }) { $0 }.isEmpty)
        #expect(seen.values.count == 50)
    }

    /// `forEach` runs each iteration once, also for a single iteration (run inline).
    @Test func forEachRunsEveryIteration() {
        for iterations in [1, 2, 17] {
            let calls = LockedCounts(count: iterations)
            Parallel.forEach(iterations) { calls.increment($0) }
            #expect(calls.values == Array(repeating: 1, count: iterations))
        }
    }

    /// Two-way fork-joins hand their second iteration to the partner thread. Back-to-back ones (the partner polling),
    /// ones a few milliseconds apart (the partner parked and woken) and ones from many threads at once (the partner
    /// busy, so Dispatch takes over) each run both iterations exactly once, and a fork-join nested inside one runs
    /// all of its iterations too. A lost wake-up or a job run twice or not at all would fail the counts or hang.
    @Test func twoWaySplitsRunEachIterationOnceWhateverThePartnerIsDoing() {
        let rounds = 2000
        let calls = LockedCounts(count: 2 * rounds)
        for round in 0..<rounds {
            Parallel.forEach(2) { calls.increment(2 * round + $0) }
            if round % 400 == 0 { Thread.sleep(forTimeInterval: 0.003) }
        }
        #expect(calls.values == Array(repeating: 1, count: 2 * rounds))

        // Threads outside any fork-join (Dispatch's own), all starting splits at once.
        let concurrent = LockedCounts(count: 2 * 400)
        DispatchQueue.concurrentPerform(iterations: 4) { worker in
            for i in stride(from: worker, to: 400, by: 4) { Parallel.forEach(2) { concurrent.increment(2 * i + $0) } }
        }
        #expect(concurrent.values == Array(repeating: 1, count: 800))

        let nested = LockedCounts(count: 4)
        Parallel.forEach(2) { outer in Parallel.forEach(2) { inner in nested.increment(2 * outer + inner) } }
        #expect(nested.values == [1, 1, 1, 1])
    }
}

/// Call counts per index, safe to bump from several threads.
private final class LockedCounts: @unchecked Sendable {
    private let lock = NSLock()
    private var counts: [Int]

    init(count: Int) { counts = Array(repeating: 0, count: count) }

    func increment(_ index: Int) { lock.withLock { counts[index] += 1 } }

    var values: [Int] { lock.withLock { counts } }
}

/// Values in the order they were appended, from any thread.
private final class LockedList: @unchecked Sendable {
    private let lock = NSLock()
    private var list: [Int] = []

    func append(_ value: Int) { lock.withLock { list.append(value) } }

    var values: [Int] { lock.withLock { list } }
}

/// Per-worker scratch that detects concurrent use: `enter` while another call is inside counts an overlap.
private final class Scratch: @unchecked Sendable {
    private let lock = NSLock()
    private var busy = false
    private var overlaps = 0

    /// How many calls entered while another was inside.
    var overlapCount: Int { lock.withLock { overlaps } }

    func enter() { lock.withLock { if busy { overlaps += 1 }; busy = true } }
    func leave() { lock.withLock { busy = false } }
}
