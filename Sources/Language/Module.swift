/// One resolved `.gns` file: its code, the size of its top-level frame and its top-level names.
final class Module {
    /// A top-level name as other files import it.
    struct Export {
        let slot: Int
        let origin: Resolver.Origin
    }

    let file: SourceFile
    var code: [any StatementCode] = []
    var frameSize = 0
    /// Top-level names in declaration order.
    var exports: [(name: String, export: Export)] = []

    init(file: SourceFile) {
        self.file = file
    }
}
