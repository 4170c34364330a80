import Random

/// What happens at a random choice: the one object the interpreter consults at every
/// `sample`, `observe` and `factor` (as Pyro's effect handlers are consulted at sample sites).
///
/// The interpreter has a single code path for the three primitives: it evaluates the
/// arguments, forms the full address (namespaces from `at` prepended), checks that the
/// address was not used before in this run (or leaves that to a mode that keeps its own table of
/// the run's choices), then calls the mode. Simulation draws values,
/// generation reads constraints, update replays a previous trace, gradient mode returns
/// tape-tracked values: each is a conforming class in the `Inference` module.
/// A mode instance serves one run at a time.
public protocol ExecutionMode: AnyObject {
    /// Chooses the value of the random choice `address` drawn from `distribution` (drawing
    /// it with `generator`, reading a constraint, replaying a trace...).
    func sample(_ address: Address, from distribution: DistributionValue, at site: SourceSpan,
                using generator: inout SeededGenerator) throws -> Value
    /// Records the constrained choice `address` = `value`; the mode adds its log-density to its weight.
    func observe(_ address: Address, from distribution: DistributionValue, value: Value, at site: SourceSpan) throws
    /// Adds `logWeight` (a number, possibly tracked) to the run's log weight.
    func factor(_ logWeight: Value, at site: SourceSpan) throws
    /// About how many choices the run will make (0 when unknown), so the run reserves its table of used
    /// addresses once instead of growing it while the model runs.
    var expectedChoiceCount: Int { get }
    /// Whether the mode itself refuses an address used twice in a run (throwing ``RuntimeError/addressReused``
    /// from `sample` or `observe`). A mode that keeps a table of the run's choices checks it there, so the
    /// interpreter need not keep a second table of every address it has seen.
    var checksAddressReuse: Bool { get }
}

extension ExecutionMode {
    /// Unknown by default.
    public var expectedChoiceCount: Int { 0 }
    /// By default the interpreter checks.
    public var checksAddressReuse: Bool { false }
}

/// The plainest mode: draws every choice from its distribution, records no trace, and sums
/// the log-densities of observations and factors into `logWeight`. `gns run` uses it for a
/// script's top level; inference installs its own modes for the runs it makes.
public final class UntracedMode: ExecutionMode {
    /// Sum of observed log-densities and factors so far.
    public private(set) var logWeight = 0.0

    /// A mode with zero weight.
    public init() {}

    public func sample(_ address: Address, from distribution: DistributionValue, at site: SourceSpan,
                       using generator: inout SeededGenerator) throws -> Value {
        distribution.sample(using: &generator)
    }

    public func observe(_ address: Address, from distribution: DistributionValue, value: Value, at site: SourceSpan) throws {
        logWeight += try distribution.logDensity(value, at: site, address: address)
    }

    public func factor(_ logWeight: Value, at site: SourceSpan) throws {
        guard let weight = logWeight.numberValue else {
            throw RuntimeError("factor expects a number (a log weight), got \(logWeight.typeName)", at: site)
        }
        self.logWeight += weight
    }
}
