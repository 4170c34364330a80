import Foundation
import ObjectModel
import Testing

/// `gns sample --model objects`, `gns objects infer` and the object networks in `gns run`, run as a user would, with untrained
/// networks written to a scratch folder (the bundled weights are not needed).
@Suite(.serialized) struct ObjectSampleCommandTests {
    static let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Examples/objects").path

    /// A scratch folder holding untrained object weights.
    static func weights() throws -> String {
        let folder = try Tool.scratchFolder()
        try ObjectNetworkSet(categories: ["leg", "seat", "back", "top"], seed: 2).write(directory: folder)
        return folder
    }

    @Test func sampleWritesAPictureAndVoxFiles() throws {
        let folder = try Self.weights()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let png = folder + "/objects.png", export = folder + "/vox"
        let run = try Tool.run(["sample", "--model", "objects", "--count", "4", "--weights", folder, "--out", png, "--export", export])
        #expect(run.status == 0, "\(run)")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: png))
        #expect(Array(bytes.prefix(4)) == [0x89, 0x50, 0x4E, 0x47])
        for i in 0..<4 {
            let vox = try Data(contentsOf: URL(fileURLWithPath: export + "/object-\(i).vox"))
            #expect(Array(vox.prefix(4)) == Array("VOX ".utf8), "object-\(i).vox")
        }
        #expect(!FileManager.default.fileExists(atPath: export + "/object-4.vox"))
    }

    @Test func objectSamplingRejectsCharacterOptionsAndMissingWeights() throws {
        let folder = try Tool.scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let temperature = try Tool.run(["sample", "--model", "objects", "--temperature", "1", "--out", folder + "/a.png"])
        #expect(temperature.status == 2 && temperature.errors.contains("no --temperature with --model objects"), "\(temperature)")
        let export = try Tool.run(["sample", "--export", folder + "/vox", "--out", folder + "/a.png"])
        #expect(export.status == 2 && export.errors.contains("--model objects alongside it"), "\(export)")
        let missing = try Tool.run(["sample", "--model", "objects", "--weights", folder, "--out", folder + "/a.png"])
        #expect(missing.status == 1 && missing.errors.contains(folder + "/object-category.safetensors"), "\(missing)")
        #expect(!FileManager.default.fileExists(atPath: folder + "/a.png"))
    }

    @Test func theInferenceExampleRunsWithTheObjectWeights() throws {
        let folder = try Self.weights()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let run = try Tool.run(["run", Self.examples + "/infer_parts.gns", "--seed", "3", "--object-weights", folder])
        #expect(run.status == 0 && run.output.contains("observed:") && run.output.contains("posterior mean part count:"), "\(run)")
        let missing = try Tool.run(["run", Self.examples + "/infer_parts.gns", "--object-weights", folder + "/none"])
        #expect(missing.status == 1 && missing.errors.contains("the object networks could not be loaded")
                && missing.errors.contains(folder + "/none/object-category.safetensors"), "\(missing)")
    }

    @Test func inferReportsAndDrawsEachObjectBesideItsExplanation() throws {
        let folder = try Self.weights()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let report = folder + "/infer.md", picture = folder + "/infer.png"
        let run = try Tool.run(["objects", "infer", "--count", "2", "--particles", "2", "--sweeps", "1", "--weights", folder,
                                "--out", report, "--picture", picture])
        #expect(run.status == 0, "\(run)")
        let text = try String(contentsOfFile: report, encoding: .utf8)
        #expect(text.contains("--sweeps 1") && text.contains("part count exactly right") && text.contains("after the sweeps"), "\(text)")
        #expect(Array(try Data(contentsOf: URL(fileURLWithPath: picture)).prefix(4)) == [0x89, 0x50, 0x4E, 0x47])
        let sweeps = try Tool.run(["objects", "infer", "--sweeps", "-1", "--weights", folder, "--out", folder + "/b.md"])
        #expect(sweeps.status == 2 && sweeps.errors.contains("--sweeps"), "\(sweeps)")
        let unwritable = try Tool.run(["objects", "infer", "--weights", folder, "--out", folder + "/c.md", "--picture", folder + "/none/c.png"])
        #expect(unwritable.status == 2 && !FileManager.default.fileExists(atPath: folder + "/c.md"), "\(unwritable)")
    }
}
