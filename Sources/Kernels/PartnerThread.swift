import Dispatch
import Foundation
import Synchronization

/// One long-lived helper thread that shares the iterations of `Parallel.forEach` fork-joins with their caller.
///
/// A batch-1 stroke step splits a few products of 40-100 µs each over the two cores. Through Dispatch each
/// split wakes a parked worker thread, which costs 10-20 µs, a third of what the split saves. The partner
/// instead keeps polling for work after each job, yielding its core to any other thread between polls
/// (steps come every ~20-50 µs, so it stays awake through a stroke), and parks on a semaphore only after
/// `pollsBeforeParking` empty polls.
///
/// Protocol (one job at a time; `claimed` serialises callers):
/// - the caller stores the job, sets `state` to `posted` and wakes the partner if it sleeps, then works
///   through the job's iterations itself, claiming them one by one from `nextIteration`;
/// - the partner takes the job (`posted` -> `taken`), works through iterations the same way, then sets `done`;
/// - the caller, out of iterations, withdraws the job if the partner never took it (`posted` -> `idle`: it
///   never waits for a partner still waking up), else waits for `done`. Only after that does it return,
///   so the job's closure outlives every use.
final class PartnerThread: @unchecked Sendable {
    /// The partner, when the machine has a second core (on one core a spinning partner would only steal time).
    static let shared: PartnerThread? = ProcessInfo.processInfo.activeProcessorCount >= 2 ? PartnerThread() : nil

    /// Empty polls (each a yield of the core, about a microsecond when nothing else wants it) before the partner
    /// parks. Jobs come every 20-500 µs in a stroke or a training step. The limit counts polls, not time: the
    /// host may stop a virtual CPU for longer than the gap between jobs, and a time limit of 100 µs then made the
    /// partner park before most jobs (11 631 parks in 37 804 jobs of a batch-1 stroke benchmark).
    static let pollsBeforeParking = 2000

    private enum State: Int {
        case idle, posted, taken, done
    }

    private let claimed = Atomic<Bool>(false)
    private let state = Atomic<Int>(State.idle.rawValue)
    private let sleeping = Atomic<Bool>(false)
    private let nextIteration = Atomic<Int>(0)
    private let wake = DispatchSemaphore(value: 0)
    /// The current job; written by the caller before it posts the job, read by the partner after taking it.
    private var job: ((Int) -> Void)?
    private var iterations = 0

    private init() {
        let thread = Thread { [unowned self] in self.serve() }
        thread.name = "gns-partner"
        thread.start()
    }

    /// Runs `body(i)` for i in 0..<iterations on the calling thread and the partner, and returns when all are
    /// done; false (nothing run) if the partner is busy with another caller's job, or this is the partner itself.
    func forEach(_ iterations: Int, _ body: (Int) -> Void) -> Bool {
        guard claimed.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged else { return false }
        defer { claimed.store(false, ordering: .releasing) }
        return withoutActuallyEscaping(body) { body in
            job = body
            self.iterations = iterations
            nextIteration.store(0, ordering: .relaxed)
            state.store(State.posted.rawValue, ordering: .sequentiallyConsistent)
            if sleeping.exchange(false, ordering: .sequentiallyConsistent) { wake.signal() }
            runIterations(body, iterations)
            let withdrawn = state.compareExchange(expected: State.posted.rawValue, desired: State.idle.rawValue,
                                                  ordering: .acquiringAndReleasing).exchanged
            if !withdrawn {
                var polls = 0
                while state.load(ordering: .acquiring) != State.done.rawValue {
                    polls += 1
                    // The partner may have been descheduled mid-iteration: give up the core now and then.
                    if polls % 1024 == 0 { sched_yield() }
                }
                state.store(State.idle.rawValue, ordering: .relaxed)
            }
            job = nil
            return true
        }
    }

    private func runIterations(_ body: (Int) -> Void, _ count: Int) {
        while true {
            let i = nextIteration.wrappingAdd(1, ordering: .relaxed).oldValue
            guard i < count else { return }
            body(i)
        }
    }

    /// The partner's share of the job it took. Not inlined, so that its reference to the job's closure is
    /// certainly dropped before `serve` reports the job done (the caller checks that the closure did not escape).
    @inline(never)
    private func runTakenJob() {
        guard let job else { return }
        runIterations(job, iterations)
    }

    /// The partner's loop: take posted jobs, poll between them, park after `pollsBeforeParking` empty polls.
    private func serve() {
        var emptyPolls = 0
        while true {
            if state.load(ordering: .acquiring) == State.posted.rawValue,
               state.compareExchange(expected: State.posted.rawValue, desired: State.taken.rawValue, ordering: .acquiringAndReleasing).exchanged {
                runTakenJob()
                state.store(State.done.rawValue, ordering: .releasing)
                emptyPolls = 0
                continue
            }
            // Between polls, let any other runnable thread have this core: polling then costs the rest of
            // the process (and the test runner's concurrent tests) almost nothing.
            sched_yield()
            emptyPolls += 1
            guard emptyPolls >= Self.pollsBeforeParking else { continue }
            // Announce the nap, then look once more: a job posted before the announcement is seen here, one
            // posted after it finds `sleeping` set and signals (both sides use sequentially consistent order).
            sleeping.store(true, ordering: .sequentiallyConsistent)
            if state.load(ordering: .sequentiallyConsistent) == State.posted.rawValue {
                sleeping.store(false, ordering: .sequentiallyConsistent)
            } else {
                wake.wait()
            }
            emptyPolls = 0
        }
    }
}
