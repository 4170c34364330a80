/// A Swift value that scripts can read: carried in an `.opaque` box (see ``Opaque``), indexed with
/// `value[key]` and shown by `print`. The inference engine's traces and choice maps are such values.
public protocol ScriptReadable: Sendable {
    /// `value[key]` in a script; a failure is a `RuntimeError` at `location` (the key).
    func element(at key: Value, location: SourceSpan) throws -> Value
    /// How `print` shows the value.
    var scriptDescription: String { get }
}
