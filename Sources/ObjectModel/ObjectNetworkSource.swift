import Foundation
import Language

/// Object networks read on first use: a registry can offer the network builtins to every script while only
/// the scripts that call them pay for (or fail on) reading the weights. The first load's result, networks or
/// error, is kept.
public final class ObjectNetworkSource: @unchecked Sendable {
    private let lock = NSLock()
    private let load: @Sendable () throws -> ObjectNetworkSet
    private var loaded: Result<ObjectNetworkSet, any Error>?

    /// Networks that `load` reads at the first call of ``networks()``.
    public init(loading load: @escaping @Sendable () throws -> ObjectNetworkSet) {
        self.load = load
    }

    /// Networks already in memory.
    public convenience init(_ networks: ObjectNetworkSet) {
        self.init(loading: { networks })
    }

    /// The networks; a load failure is a `BuiltinError` naming the weights file, so the calling line is reported.
    public func networks() throws -> ObjectNetworkSet {
        let result = lock.withLock {
            if let loaded { return loaded }
            let result = Result { try load() }
            loaded = result
            return result
        }
        do { return try result.get() } catch { throw BuiltinError("the object networks could not be loaded: \(error)") }
    }
}
