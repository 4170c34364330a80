import Foundation
import Render

/// Renderers lent out one per running call: a `Renderer` keeps its planes between calls (so it allocates
/// nothing per render) but is not thread-safe, and inference runs models on both cores at once.
final class RendererPool: @unchecked Sendable {
    private var idle: [Renderer] = []
    private let lock = NSLock()

    /// An empty pool; renderers are made on first demand and kept.
    init() {}

    /// Runs `body` with a renderer no other thread is using.
    func withRenderer<R>(_ body: (Renderer) throws -> R) rethrows -> R {
        let renderer = lock.withLock { idle.popLast() } ?? Renderer()
        defer { lock.withLock { idle.append(renderer) } }
        return try body(renderer)
    }
}
