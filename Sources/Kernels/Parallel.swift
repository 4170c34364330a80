import Dispatch

/// Fork-join over the cores for the kernels.
///
/// Kernel bodies capture raw pointers, which Swift cannot prove Sendable. Every caller hands each
/// iteration a disjoint part of the output, which is what makes sharing the pointers safe.
enum Parallel {
    /// Runs `body(i)` for every i in 0..<iterations, concurrently, and returns when all are done.
    static func forEach(_ iterations: Int, _ body: (Int) -> Void) {
        if iterations == 1 { return body(0) }
        withoutActuallyEscaping(body) { body in
            let shared = UncheckedSendable(value: body)
            DispatchQueue.concurrentPerform(iterations: iterations) { shared.value($0) }
        }
    }
}

/// A value asserted safe to share across threads (see `Parallel`).
struct UncheckedSendable<Value>: @unchecked Sendable {
    let value: Value
}
