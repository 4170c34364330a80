import Foundation
import Random
import Testing
@testable import Language

@Suite struct ImportTests {
    /// Writes `files` (relative path -> text) into a fresh temporary folder and returns it.
    func folder(_ files: [String: String]) throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("gns-import-\(UUID().uuidString)").path
        for (path, text) in files {
            let full = (root as NSString).appendingPathComponent(path)
            try FileManager.default.createDirectory(atPath: (full as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            try text.write(toFile: full, atomically: true, encoding: .utf8)
        }
        return root
    }

    func run(_ path: String) throws -> [String] {
        let printed = PrintedLines()
        let interpreter = Interpreter(program: try Program.load(path: path), output: printed.append)
        var generator = SeededGenerator(seed: 1)
        try interpreter.run(generator: &generator)
        return printed.lines
    }

    @Test func importsBringTopLevelNamesAndRunOnce() throws {
        let root = try folder([
            "main.gns": "import \"lib/shapes.gns\"\nimport \"lib/counter.gns\"\nprint(area(square(3)), unit, count)",
            "lib/shapes.gns": "import \"counter.gns\"\nlet unit = \"cm\"\ndef square(s) { return {w: s, h: s} }\ndef area(r) { return r.w * r.h }",
            "lib/counter.gns": "print(\"counter runs\")\nlet count = 1",
        ])
        // counter.gns is imported twice (directly and through shapes.gns) but runs once.
        #expect(try run("\(root)/main.gns") == ["counter runs", "9 cm 1"])
    }

    @Test func importedFunctionsSeeTheirOwnFile() throws {
        let root = try folder([
            "main.gns": "import \"lib.gns\"\nlet scale = 100\nprint(scaled(2))",
            "lib.gns": "let scale = 3\ndef scaled(x) { return x * scale }",
        ])
        #expect(throws: ProgramError.self) { try run("\(root)/main.gns") }
        let fixed = try folder([
            "main.gns": "import \"lib.gns\"\nprint(scaled(2))",
            "lib.gns": "let scale = 3\ndef scaled(x) { return x * scale }",
        ])
        #expect(try run("\(fixed)/main.gns") == ["6"])
    }

    @Test func importCyclesNameTheChain() throws {
        let root = try folder([
            "a.gns": "import \"b.gns\"",
            "b.gns": "import \"c.gns\"",
            "c.gns": "import \"a.gns\"",
        ])
        do {
            _ = try Program.load(path: "\(root)/a.gns")
            Issue.record("a cycle must be an error")
        } catch {
            #expect(error.diagnostics.map(\.message) == ["import cycle: \(root)/a.gns -> \(root)/b.gns -> \(root)/c.gns -> \(root)/a.gns"])
            #expect(error.diagnostics.first?.location.description == "\(root)/c.gns:1:1")
        }
    }

    @Test func missingAndBrokenImportsAreReported() throws {
        let root = try folder([
            "main.gns": "import \"nowhere.gns\"\nimport \"broken.gns\"",
            "broken.gns": "let = 1",
        ])
        do {
            _ = try Program.load(path: "\(root)/main.gns")
            Issue.record("must fail")
        } catch {
            #expect(error.diagnostics.map { "\($0.location): \($0.message)" } == [
                "\(root)/main.gns:1:1: cannot import '\(root)/nowhere.gns': no such file",
                "\(root)/broken.gns:1:5: expected a variable name after 'let', found '='",
            ])
        }
        #expect(throws: ProgramError.self) { try Program.load(path: "\(root)/absent.gns") }
    }

    @Test func conflictingImportsAreErrors() throws {
        let root = try folder([
            "main.gns": "let helper = 1\nimport \"lib.gns\"",
            "lib.gns": "def helper() { }",
        ])
        do {
            _ = try Program.load(path: "\(root)/main.gns")
            Issue.record("must fail")
        } catch {
            // Imports are bound first, so the later `let` is the conflicting declaration.
            #expect(error.diagnostics.map { "\($0.location): \($0.message)" } == ["\(root)/main.gns:1:5: 'helper' is already declared in this scope; use 'helper = ...' to change a variable"])
            #expect(error.diagnostics.first?.notes.first?.location.description == "\(root)/main.gns:2:1")
        }
    }
}
