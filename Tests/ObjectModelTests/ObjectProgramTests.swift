import Foundation
import Inference
import Language
import Random
import Tensors
import Testing
@testable import ObjectModel

/// `Programs/objects/object.gns`, the object model (Fig. A9), run with untrained networks: its choices' addresses,
/// its score, and its observation model.
@Suite struct ObjectProgramTests {
    static let networks = ObjectNetworkSet(categories: ["leg", "seat", "back", "top"], seed: 4)
    static let builtins = BuiltinRegistry.withObjectModel(networks: networks)

    static func model(_ function: String) throws -> Model {
        try ObjectPrograms.objectModel(function, directory: FurnitureProgramTests.programs, builtins: builtins)
    }

    @Test func eachPartIsACategoryALatentAndAStopFlag() throws {
        let model = try Self.model("generate_object")
        for seed in 0..<5 {
            var generator = SeededGenerator(seed: UInt64(seed))
            let trace = try model.simulate([], using: &generator)
            guard case let .record(object) = trace.returnValue, case let .list(parts)? = object["parts"] else {
                Issue.record("generate_object returned \(trace.returnValue)"); return
            }
            let expected = (0..<parts.count).flatMap { i in
                ["category", "latent", "stop"].map { Address.path([.name("part"), .index(i), .name($0)]) }
            }
            #expect(trace.addresses == expected, "seed \(seed)")
            // The object ends at the first stop flag, or at the part limit.
            let lastStop = trace.choices[Address.path([.name("part"), .index(parts.count - 1), .name("stop")])]
            if case .bool(true)? = lastStop {} else { #expect(parts.count == 12, "the object stopped without a stop flag") }
            #expect(trace.score.isFinite && trace.score < 0)
            var grid = PartVoxels(size: 32)
            for part in parts { try ObjectValues.add(part, to: &grid, "part", argument: 0) }
            #expect(grid.categories.count == parts.count && grid.categories.allSatisfy(Self.networks.categories.contains))
        }
    }

    @Test func aPartFillsItsMostProbableVoxelsAsManyAsExpected() throws {
        let source = """
        let sharp = filled_voxels(tensor([0.9, 0.1, 0.95, 0.05]))
        let diffuse = filled_voxels(tensor([0.3, 0.25, 0.4, 0.2]))
        """
        let interpreter = Interpreter(program: try Program(source: source, fileName: "filled.gns", builtins: Self.builtins), output: { _ in })
        var generator = SeededGenerator(seed: 0)
        try interpreter.run(generator: &generator)
        // 2 voxels expected: the two above 0.5. 1.15 expected: the single most probable one, though none reaches 0.5.
        guard case let .tensor(sharp) = try interpreter.global(named: "sharp"), case let .tensor(diffuse) = try interpreter.global(named: "diffuse") else {
            Issue.record("filled_voxels did not return tensors"); return
        }
        #expect(sharp.shape == [4] && sharp.scalars == [1, 0, 1, 0])
        #expect(diffuse.scalars == [0, 0, 1, 0])
    }

    @Test func theObservationModelPrefersTheObjectsOwnVoxels() throws {
        let model = try Self.model("observe_object")
        func canvas(_ lo: [Int], _ hi: [Int]) -> Value {
            var scalars = [Float](repeating: 0, count: 32 * 32 * 32)
            for z in lo[2]..<hi[2] { for y in lo[1]..<hi[1] { for x in lo[0]..<hi[0] { scalars[(z * 32 + y) * 32 + x] = 1 } } }
            return .tensor(Tensor(shape: [32, 32, 32], scalars: scalars))
        }
        let seat = canvas([4, 10, 4], [28, 12, 28]), top = canvas([2, 16, 6], [30, 18, 26])
        let object = Value.record(Record(names: ["parts", "canvas"], values: [.list([]), seat]))
        func score(_ voxels: Value) throws -> Double {
            var generator = SeededGenerator(seed: 0)
            return try model.simulate([object, voxels], using: &generator).score
        }
        let matching = try score(seat), different = try score(top)
        #expect(matching.isFinite && different.isFinite)
        // 32^3 voxels each agreeing with probability 0.99: only the flipped ones cost log(0.01 / 0.99) each.
        #expect(abs(matching - 32 * 32 * 32 * log(0.99)) < 1e-3)
        #expect(matching > different + 100)
    }
}
