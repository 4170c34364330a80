import Files
import Foundation

/// A parsed, resolved and checked `.gns` program: a main file and the files it imports.
///
/// Loading reports every syntax error of every file and every resolver error (unknown
/// names, bad declarations, wrong calls of builtins and `def`s) in one `ProgramError`.
/// A `Program` is immutable; run it with an ``Interpreter``.
public struct Program: @unchecked Sendable {
    /// The main file.
    let main: Module
    /// The builtins the names were resolved against.
    public let builtins: BuiltinRegistry

    /// Loads the file at `path` and everything it imports (relative to the importing file).
    public static func load(path: String, builtins: BuiltinRegistry = .standard) throws(ProgramError) -> Program {
        let loader = Loader(builtins: builtins)
        let main = loader.load(path: path, displayName: path, from: nil)
        guard let main, loader.diagnostics.isEmpty else {
            throw ProgramError(loader.diagnostics.isEmpty ? [Self.unreadable(path)] : loader.diagnostics)
        }
        return Program(main: main, builtins: builtins)
    }

    /// A program from `source`, named `fileName` in diagnostics; imports are relative to `fileName`'s folder.
    public init(source: String, fileName: String, builtins: BuiltinRegistry = .standard) throws(ProgramError) {
        let loader = Loader(builtins: builtins)
        let main = loader.resolve(SourceFile(name: fileName, text: source), path: Loader.canonical(fileName))
        guard loader.diagnostics.isEmpty else { throw ProgramError(loader.diagnostics) }
        self.init(main: main, builtins: builtins)
    }

    private init(main: Module, builtins: BuiltinRegistry) {
        self.main = main
        self.builtins = builtins
    }

    /// The names declared at the top level of the main file (its own and imported ones).
    public var topLevelNames: [String] { main.exports.map(\.name) }

    private static func unreadable(_ path: String) -> Diagnostic {
        Diagnostic("cannot read '\(path)'", at: SourceSpan(file: SourceFile(name: path, text: ""), line: 1, column: 1))
    }
}

/// Reads, parses and resolves files, each once, detecting import cycles.
final class Loader {
    let builtins: BuiltinRegistry
    var modules: [String: Module] = [:]
    /// Files being loaded, outermost first: an import of one of them is a cycle.
    var loading: [(path: String, name: String)] = []
    var diagnostics: [Diagnostic] = []

    init(builtins: BuiltinRegistry) {
        self.builtins = builtins
    }

    static func canonical(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.resolvingSymlinksInPath().path
    }

    /// The module for the file at `path`, or nil after recording why it could not be had.
    func load(path: String, displayName: String, from site: SourceSpan?) -> Module? {
        let key = Self.canonical(path)
        if let position = loading.firstIndex(where: { $0.path == key }), let site {
            let chain = loading[position...].map(\.name) + [displayName]
            diagnostics.append(Diagnostic("import cycle: \(chain.joined(separator: " -> "))", at: site))
            return nil
        }
        if let module = modules[key] { return module }
        let text: String
        do throws(FileError) {
            let data = try InputFile.read(path)
            guard let decoded = String(data: data, encoding: .utf8) else { throw FileError(path: path, problem: "it is not readable UTF-8 text") }
            text = decoded
        } catch {
            let reason = error.problem
            if let site {
                diagnostics.append(Diagnostic("cannot import '\(displayName)': \(reason)", at: site))
            } else {
                diagnostics.append(Diagnostic("cannot read '\(displayName)': \(reason)",
                                              at: SourceSpan(file: SourceFile(name: displayName, text: ""), line: 1, column: 1)))
            }
            return nil
        }
        return resolve(SourceFile(name: displayName, text: text), path: key)
    }

    /// Parses and resolves `file`; its imports load relative to `path`'s folder.
    func resolve(_ file: SourceFile, path: String) -> Module {
        let module = Module(file: file)
        modules[path] = module
        let (statements, syntaxErrors) = Parser.parse(file)
        guard syntaxErrors.isEmpty else {
            diagnostics += syntaxErrors
            return module
        }
        loading.append((path, file.name))
        defer { loading.removeLast() }
        let resolver = Resolver(module: module, builtins: builtins, importer: importer(for: file, path: path))
        resolver.resolveFile(statements)
        diagnostics += resolver.diagnostics
        return module
    }

    /// Loads the files `file` (at `path` on disk) imports: paths relative to its folder, shown relative to its name.
    func importer(for file: SourceFile, path: String) -> (String, SourceSpan) -> Module? {
        let folder = (file.name as NSString).deletingLastPathComponent
        return { [unowned self] imported, site in
            let relative = (imported as NSString).isAbsolutePath ? imported : (folder as NSString).appendingPathComponent(imported)
            let absolute = (path as NSString).deletingLastPathComponent
            let onDisk = (imported as NSString).isAbsolutePath ? imported : (absolute as NSString).appendingPathComponent(imported)
            return self.load(path: onDisk, displayName: relative, from: site)
        }
    }
}
