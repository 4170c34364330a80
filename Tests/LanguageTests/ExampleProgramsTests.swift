import Foundation
import Testing
@testable import Language

/// Every `.gns` file shipped in `Programs/` and `Examples/` parses against the grammar.
@Suite struct ExampleProgramsTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func shippedPrograms() -> [URL] {
        var found: [URL] = []
        for folder in ["Programs", "Examples"] {
            let enumerator = FileManager.default.enumerator(at: root.appendingPathComponent(folder), includingPropertiesForKeys: nil)
            while let url = enumerator?.nextObject() as? URL {
                if url.pathExtension == "gns" { found.append(url) }
            }
        }
        return found.sorted { $0.path < $1.path }
    }

    @Test func everyShippedProgramParses() throws {
        for url in Self.shippedPrograms() {
            let text = try String(contentsOf: url, encoding: .utf8)
            let (_, diagnostics) = Parser.parse(SourceFile(name: url.path, text: text))
            #expect(diagnostics.isEmpty, "\(ProgramError(diagnostics))")
        }
    }
}
