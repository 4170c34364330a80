import Foundation
import Language
import Neural
import ObjectNetworks
import Random
import Tensors
import Testing
@testable import ObjectModel

/// The object networks seen from `.gns` code: `category_probs`, `object_termination_prob`, `decode_part`.
@Suite struct ObjectNetworkBuiltinsTests {
    static let networks = ObjectNetworkSet(categories: ["leg", "seat", "top"], seed: 9)

    /// Runs `source` with the networks' builtins and returns its global `name`.
    func run(_ source: String, global name: String) throws -> Value {
        let program = try Program(source: source, fileName: "nets.gns", builtins: .withObjectModel(networks: Self.networks))
        let interpreter = Interpreter(program: program, output: { _ in })
        var generator = SeededGenerator(seed: 0)
        try interpreter.run(generator: &generator)
        return try interpreter.global(named: name)
    }

    static let seatProgram = """
    let canvas = add_part(voxel_canvas(32), {category: "seat", lo: [4, 10, 4], hi: [28, 12, 28]})
    let names = part_categories()
    let probs = category_probs(canvas)
    let stop = object_termination_prob(canvas)
    def quarter(i) { return 0.25 * i }
    let latent = map(quarter, range(0, part_latent_size()))
    let leg = decode_part(latent, "leg", canvas)
    let k = sample("k", categorical(probs))
    """

    @Test func builtinsGiveTheNetworksValues() throws {
        var seat = [Float](repeating: 0, count: 32 * 32 * 32)
        for z in 4..<28 { for y in 10..<12 { for x in 4..<28 { seat[(z * 32 + y) * 32 + x] = 1 } } }
        guard case let .list(names) = try run(Self.seatProgram, global: "names"),
              case let .list(probs) = try run(Self.seatProgram, global: "probs"),
              case let .tensor(leg) = try run(Self.seatProgram, global: "leg") else {
            Issue.record("part_categories, category_probs or decode_part returned the wrong kind of value")
            return
        }
        #expect(names.map { if case let .string(name) = $0 { name } else { "" } } == ["leg", "seat", "top"])
        #expect(probs.map(\.numberValue) == Self.networks.category.probabilities(canvas: seat))
        #expect(try run(Self.seatProgram, global: "stop").numberValue == Self.networks.termination.probability(canvas: seat))
        let latent: [Float] = (0..<8).map { 0.25 * Float($0) }
        let expected = Self.networks.instance.decode(latent: latent, category: 0, canvas: seat).map(Float.init)
        #expect(leg == Tensor(shape: [32, 32, 32], scalars: expected))
    }

    @Test func badArgumentsAreErrorsAtTheCall() throws {
        let cases = [
            ("let p = category_probs(voxel_canvas(16))\n", "must be a 32^3 voxel canvas (voxel_canvas(32)), got a tensor of shape [16, 16, 16]"),
            ("let p = decode_part([0, 0, 0, 0, 0, 0, 0, 0], \"lamp\", voxel_canvas(32))\n", "is not one of the networks' categories: leg, seat, top"),
            ("let p = decode_part([0, 0], \"leg\", voxel_canvas(32))\n", "latent must hold 8 numbers"),
            ("let p = object_termination_prob(3)\n", "must be a 32^3 voxel canvas"),
        ]
        for (source, problem) in cases {
            #expect { try run(source, global: "p") } throws: { error in
                "\(error)".contains("nets.gns:1:") && "\(error)".contains(problem)
            }
        }
    }

    @Test func networksLoadFromTheTrainingRunsFiles() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("object-weights-\(UUID())").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let trained = Self.networks, names = ObjectNetworkSet.fileNames
        func write(_ network: some ParameterContainer, _ name: String, categories: String?) throws {
            try SafeTensors(tensors: network.stateDictionary, metadata: categories.map { ["categories": $0] } ?? [:]).write(to: folder + "/" + name)
        }
        try write(trained.category, names.category, categories: "leg,seat,top")
        try write(trained.termination, names.termination, categories: nil)
        try write(trained.instance, names.instance, categories: "leg,seat,top")
        let loaded = try ObjectNetworkSet(directory: folder)
        let canvas = [Float](repeating: 0, count: 32 * 32 * 32)
        #expect(loaded.categories == trained.categories)
        #expect(loaded.category.probabilities(canvas: canvas) == trained.category.probabilities(canvas: canvas))
        #expect(loaded.termination.probability(canvas: canvas) == trained.termination.probability(canvas: canvas))
        #expect(loaded.instance.decode(latent: [1, 0, 0, 0, 0, 0, 0, 0], category: 2, canvas: canvas)
                == trained.instance.decode(latent: [1, 0, 0, 0, 0, 0, 0, 0], category: 2, canvas: canvas))
        // Category and instance weights from runs on different sets do not load together.
        try write(trained.instance, names.instance, categories: "arm,seat,top")
        #expect { try ObjectNetworkSet(directory: folder) } throws: { "\($0)".contains(names.instance) && "\($0)".contains("differ") }
    }
}
