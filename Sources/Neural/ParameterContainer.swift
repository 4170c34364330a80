import Tensors

/// Something that owns named weights: a layer, or a network built from layers.
///
/// Names follow PyTorch's `state_dict` (e.g. `features.0.1.running_var`), so weights written by PyTorch load
/// unchanged and ours can be read there. One visitor walks every parameter in a fixed order; everything
/// else (collecting, tracking on a tape, optimizer updates, saving, loading) is built on it, so a new layer
/// only has to list its tensors once.
public protocol ParameterContainer {
    /// Calls `body` with the name and storage of every trainable tensor, in a fixed order.
    mutating func visitParameters(prefix: String, _ body: (String, inout Tensor) -> Void)
    /// Calls `body` with the name and storage of every non-trainable saved tensor (batch-norm running statistics).
    mutating func visitBuffers(prefix: String, _ body: (String, inout Tensor) -> Void)
}

extension ParameterContainer {
    /// No buffers by default.
    public mutating func visitBuffers(prefix: String, _ body: (String, inout Tensor) -> Void) {}

    /// The trainable tensors, in visiting order.
    public var parameters: [Tensor] {
        var copy = self
        var out: [Tensor] = []
        copy.visitParameters(prefix: "") { _, tensor in out.append(tensor) }
        return out
    }

    /// Replaces the trainable tensors (same order and shapes as ``parameters``).
    public mutating func setParameters(_ values: [Tensor]) {
        var index = 0
        visitParameters(prefix: "") { _, tensor in
            precondition(values[index].shape == tensor.shape, "parameter \(index) changes shape")
            tensor = values[index]
            index += 1
        }
        precondition(index == values.count, "expected \(index) parameters, got \(values.count)")
    }

    /// The number of trainable scalars.
    public var parameterCount: Int { parameters.reduce(0) { $0 + $1.count } }

    /// A copy whose trainable tensors are variables on `tape`, so a loss computed with it has gradients.
    public func tracked(on tape: Tape) -> Self {
        var copy = self
        copy.visitParameters(prefix: "") { _, tensor in tensor = tape.variable(tensor.detached) }
        return copy
    }

    /// A copy with subnormal values (below 2^-126 in magnitude) set to zero, for evaluation. This CPU multiplies
    /// them about a hundred times slower, and beside any normal term of a sum they vanish in rounding. The
    /// paper's termination weights hold 11,736 (filters decayed towards zero); scoring with them took 1.8x as
    /// long. Training keeps them, so that a resumed run repeats the interrupted one bit for bit.
    public func flushingSubnormals() -> Self {
        var copy = self
        func flush(_ name: String, _ tensor: inout Tensor) {
            guard tensor.scalars.contains(where: \.isSubnormal) else { return }
            tensor = Tensor(shape: tensor.shape, scalars: tensor.scalars.map { $0.isSubnormal ? 0 : $0 })
        }
        copy.visitParameters(prefix: "", flush)
        copy.visitBuffers(prefix: "", flush)
        return copy
    }

    /// Every saved tensor (parameters and buffers) by its PyTorch name.
    public var stateDictionary: [String: Tensor] {
        var copy = self
        var out: [String: Tensor] = [:]
        copy.visitParameters(prefix: "") { name, tensor in out[name] = tensor.detached }
        copy.visitBuffers(prefix: "") { name, tensor in out[name] = tensor.detached }
        return out
    }

    /// Loads every parameter and buffer from `weights`; names and shapes must match exactly. Entries the
    /// networks never use (PyTorch's `num_batches_tracked` counters) are ignored; anything else unexpected
    /// is an error, so a file for another architecture never loads silently.
    public mutating func load(_ weights: SafeTensors, path: String) throws(WeightsError) {
        var missing: [String] = []
        var mismatched: [String] = []
        var used = Set<String>()
        func take(_ name: String, _ tensor: inout Tensor) {
            guard let stored = weights[name] else { missing.append(name); return }
            used.insert(name)
            guard stored.shape == tensor.shape else {
                mismatched.append("\(name): file has \(stored.shape), network needs \(tensor.shape)")
                return
            }
            tensor = stored
        }
        visitParameters(prefix: "", take)
        visitBuffers(prefix: "", take)
        let unexpected = weights.tensors.keys.filter { !used.contains($0) && !$0.hasSuffix("num_batches_tracked") }.sorted()
        if !missing.isEmpty || !mismatched.isEmpty || !unexpected.isEmpty {
            throw WeightsError.mismatch(path: path, missing: missing.sorted(), wrongShape: mismatched, unexpected: unexpected)
        }
    }

    /// Reads `path` (safetensors) and loads it, see ``load(_:path:)``.
    public mutating func load(contentsOf path: String) throws(WeightsError) {
        let weights: SafeTensors
        do { weights = try SafeTensors.read(from: path) } catch { throw WeightsError.unreadable(path: path, reason: "\(error)") }
        try load(weights, path: path)
    }
}

/// Prefixes a child's name: `join("features.0", "weight")` is `features.0.weight` (for containers in other
/// modules, such as the object networks, too).
@inline(__always)
public func join(_ prefix: String, _ name: String) -> String { prefix.isEmpty ? name : prefix + "." + name }
