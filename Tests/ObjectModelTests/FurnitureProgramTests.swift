import Foundation
import Inference
import Language
import Random
import Testing
@testable import ObjectModel

/// `Programs/objects/furniture.gns`, the procedural generator of the object model's training data.
@Suite struct FurnitureProgramTests {
    static let programs = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Programs/objects").path

    @Test func everyKindIsMadeWithItsPartsAtTheirAddresses() throws {
        let model = try ObjectPrograms.furniture(directory: Self.programs)
        var kinds: [String: Int] = [:]
        for seed in 0..<60 {
            var generator = SeededGenerator(seed: UInt64(seed))
            let trace = try model.simulate([], using: &generator)
            guard case let .record(object) = trace.returnValue, case let .string(kind)? = object["kind"], let partsValue = object["parts"] else {
                Issue.record("furniture() returned \(trace.returnValue)"); return
            }
            kinds[kind, default: 0] += 1
            let parts = try ObjectValues.parts(partsValue, "parts", argument: 0)
            let grid = try PartVoxels(size: 32, parts: parts)
            let categories = Set(parts.map(\.category))
            // Each kind's defining parts, and every size choice under the kind's own namespace.
            switch kind {
            case "chair": #expect(categories.isSuperset(of: ["seat", "leg", "back"]) && parts.filter { $0.category == "leg" }.count == 4)
            case "stool": #expect(categories == ["seat", "leg"])
            case "table": #expect(categories == ["top", "leg"] && parts.count == 5)
            case "bench": #expect(categories.isSuperset(of: ["seat", "leg"]))
            case "shelf": #expect(categories == ["side", "shelf"])
            default: Issue.record("unknown kind \(kind)")
            }
            #expect(trace.entries[Address([.name(kind), .name("width")])] != nil, "\(kind) has its width at (\(kind), width)")
            #expect(trace.entries[.name("kind")] != nil)
            // Legs and sides stand on the floor; nothing leaves the grid.
            for part in parts where part.category == "leg" || part.category == "side" { #expect(part.lo.y == 0) }
            for part in parts { #expect(part.clipped(to: 32) == part, "\(kind): \(part) leaves the grid") }
            #expect(grid.filledCount > 0)
        }
        #expect(kinds.count == 5, "60 objects show every kind: \(kinds)")
    }

    @Test func addPartFillsTheCanvasOnce() throws {
        let source = """
        let c = voxel_canvas(size: 4)
        let a = add_part(c, {category: "x", lo: [0, 0, 0], hi: [2, 2, 2]})
        let b = add_part(a, {category: "y", lo: [1, 1, 1], hi: [3, 3, 3]})
        """
        let interpreter = Interpreter(program: try Program(source: source, fileName: "canvas.gns", builtins: .withObjectModel()),
                                      output: { _ in })
        var generator = SeededGenerator(seed: 0)
        try interpreter.run(generator: &generator)
        guard case let .tensor(canvas) = try interpreter.global(named: "b") else { Issue.record("b is not a tensor"); return }
        #expect(canvas.shape == [4, 4, 4])
        #expect(canvas.scalars.reduce(0, +) == 8 + 8 - 1, "two 2^3 boxes sharing one voxel fill it once")
        #expect(Set(canvas.scalars) == [0, 1])
    }

    @Test func badPartsAreErrorsAtTheCall() throws {
        let source = "let c = add_part(voxel_canvas(size: 4), {category: \"x\", lo: [0, 0, 0], hi: [0.5, 2, 2]})\n"
        let interpreter = Interpreter(program: try Program(source: source, fileName: "bad.gns", builtins: .withObjectModel()), output: { _ in })
        var generator = SeededGenerator(seed: 0)
        #expect {
            try interpreter.run(generator: &generator)
        } throws: { error in
            let text = "\(error)"
            return text.contains("bad.gns:1:") && text.contains("part.hi must hold three integers")
        }
    }
}
