import Foundation
import Testing

/// `gns train` for the object networks, run as a user would: usage errors name the option, a short run writes the
/// weights (with their categories), manifest and history, and resumes.
@Suite(.serialized) struct ObjectTrainingCommandTests {
    @Test func objectNetworkOptionsAreCheckedBeforeAnyWork() throws {
        let folder = try Tool.scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let out = folder + "/w.safetensors"
        let noData = try Tool.run(["train", "object-category", "--out", out])
        #expect(noData.status == 2 && noData.errors.contains("object-category needs --data SET.gnsvox"), "\(noData)")
        let characterOption = try Tool.run(["train", "object-instance", "--data", folder + "/s.gnsvox", "--validation-drawers", "19", "--out", out])
        #expect(characterOption.status == 2 && characterOption.errors.contains("--validation-drawers does not apply to the object network 'object-instance'"),
                "\(characterOption)")
        let objectOption = try Tool.run(["train", "stroke", "--validation-objects", "3", "--out", out])
        #expect(objectOption.status == 2 && objectOption.errors.contains("--validation-objects does not apply to the character network 'stroke'"),
                "\(objectOption)")
        let missing = try Tool.run(["train", "object-termination", "--data", folder + "/none.gnsvox", "--out", out])
        #expect(missing.status == 1 && missing.errors.contains(folder + "/none.gnsvox: cannot be read"), "\(missing)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }

    @Test func aShortRunWritesWeightsAndResumes() throws {
        let folder = try Tool.scratchFolder()
        defer { try? FileManager.default.removeItem(atPath: folder) }
        let set = folder + "/set.gnsvox", out = folder + "/termination.safetensors"
        let data = try Tool.run(["objects", "data", "--count", "12", "--out", set])
        #expect(data.status == 0, "\(data)")
        let tooMany = try Tool.run(["train", "object-termination", "--data", set, "--validation-objects", "12", "--out", out])
        #expect(tooMany.status == 2 && tooMany.errors.contains("fewer than the set's 12 objects"), "\(tooMany)")
        let first = try Tool.run(["train", "object-termination", "--data", set, "--validation-objects", "2", "--epochs", "1",
                                  "--batch-size", "8", "--out", out])
        #expect(first.status == 0 && first.errors.contains("finished after 1 epochs"), "\(first)")
        for suffix in [".safetensors", ".manifest.json", ".history.csv", ".history.png", ".checkpoint.safetensors"] {
            #expect(FileManager.default.fileExists(atPath: folder + "/termination" + suffix), "\(suffix)")
        }
        let manifest = try String(contentsOfFile: folder + "/termination.manifest.json", encoding: .utf8)
        #expect(manifest.contains("\"validation_objects\" : 2") && manifest.contains("\"network\" : \"object-termination\""), "\(manifest)")
        // Another held-out split would validate on objects the run has trained on: refused, naming the checkpoint's.
        let otherSplit = try Tool.run(["train", "object-termination", "--data", set, "--validation-objects", "3", "--epochs", "2",
                                       "--resume", "--out", out])
        #expect(otherSplit.status != 0 && otherSplit.errors.contains("--validation-objects '3' (the checkpoint's is '2')"), "\(otherSplit)")
        let resumed = try Tool.run(["train", "object-termination", "--data", set, "--validation-objects", "2", "--epochs", "2",
                                    "--resume", "--out", out])
        #expect(resumed.status == 0 && resumed.errors.contains("resuming after epoch 1 of 2") && resumed.errors.contains("finished after 2 epochs"),
                "\(resumed)")
    }
}
