import Foundation
import Testing
@testable import Tensors

@Suite struct SafeTensorsTests {
    /// A safetensors byte string with the given JSON header and `dataSize` zero bytes of data.
    private func file(header: String, dataSize: Int) -> Data {
        let json = Data(header.utf8)
        var bytes = Data()
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { bytes.append(contentsOf: $0) }
        return bytes + json + Data(count: dataSize)
    }

    private func parseError(_ data: Data) -> SafeTensorsError? {
        do {
            _ = try SafeTensors.parse(data, path: "x.safetensors")
            return nil
        } catch {
            return error
        }
    }

    private func temporaryDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("tensors-test-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    @Test func readsPyTorchFixture() throws {
        let url = try #require(Bundle.module.url(forResource: "Fixtures/small", withExtension: "safetensors"))
        let file = try SafeTensors.read(from: url.path)
        #expect(Set(file.tensors.keys) == ["conv.weight", "linear.bias", "half", "brain", "bn.num_batches_tracked", "scalar"])
        #expect(file["conv.weight"] == Tensor(shape: [2, 3, 1, 4], scalars: (0..<24).map(Float.init)))
        #expect(file["linear.bias"] == Tensor(shape: [5], scalars: (0..<5).map { Float($0) * 0.5 }))
        #expect(file["half"] == Tensor(shape: [3, 2], scalars: (0..<6).map { Float($0) * 0.25 - 1 }))
        #expect(file["brain"] == Tensor(shape: [4], scalars: [-2, -1, 0, 1]))
        #expect(file["bn.num_batches_tracked"] == Tensor(7.0))
        #expect(file["scalar"] == Tensor(3.5))
        #expect(file.dtypes["linear.bias"] == .f64 && file.dtypes["half"] == .f16 && file.dtypes["brain"] == .bf16)
        #expect(file.dtypes["bn.num_batches_tracked"] == .i64)
        #expect(file.metadata["format"] == "pt")
    }

    @Test func writeThenReadRoundTripsAndReplacesAtomically() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("model.safetensors").path
        let first = SafeTensors(tensors: ["a": Tensor(shape: [2, 2], scalars: [1, -2, 3.5, 1e-8]), "s": Tensor(2.0)],
                                metadata: ["epoch": "3"])
        try first.write(to: path)
        let second = SafeTensors(tensors: ["b": Tensor([Float.pi])])
        try second.write(to: path)
        let back = try SafeTensors.read(from: path)
        #expect(back.tensors == second.tensors)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["model.safetensors"])
        try first.write(to: path)
        let again = try SafeTensors.read(from: path)
        #expect(again.tensors == first.tensors)
        #expect(again.metadata == ["epoch": "3"])
    }

    @Test func failedWriteLeavesThePreviousFile() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let path = directory.appendingPathComponent("model.safetensors").path
        try SafeTensors(tensors: ["a": Tensor(1.0)]).write(to: path)
        // A directory squatting on the target name makes the final rename fail.
        let blocked = directory.appendingPathComponent("blocked").path
        try FileManager.default.createDirectory(atPath: blocked + "/inside", withIntermediateDirectories: true)
        #expect(throws: SafeTensorsError.self) { try SafeTensors(tensors: ["b": Tensor(2.0)]).write(to: blocked) }
        #expect(try SafeTensors.read(from: path)["a"] == Tensor(1.0))
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted() == ["blocked", "model.safetensors"])
        let missing = directory.appendingPathComponent("no/such/dir/m.safetensors").path
        #expect(throws: SafeTensorsError.self) { try SafeTensors(tensors: [:]).write(to: missing) }
    }

    @Test func reportsEachKindOfDamage() {
        #expect(parseError(Data([1, 2, 3])) == .truncated(path: "x.safetensors", size: 3))
        var huge = Data()
        withUnsafeBytes(of: UInt64(1000).littleEndian) { huge.append(contentsOf: $0) }
        #expect(parseError(huge + Data("{}".utf8)) == .headerLengthBeyondFile(path: "x.safetensors", headerLength: 1000, fileSize: 10))
        if case .malformedHeader = parseError(file(header: "{\"a\": [", dataSize: 0)) {} else { Issue.record("bad JSON not reported") }
        if case .malformedHeader = parseError(file(header: "{\"a\": {\"dtype\": \"F32\"}}", dataSize: 0)) {} else {
            Issue.record("missing fields not reported")
        }
        #expect(parseError(file(header: #"{"a": {"dtype": "Q8", "shape": [1], "data_offsets": [0, 4]}}"#, dataSize: 4))
                == .unknownDType(path: "x.safetensors", tensor: "a", dtype: "Q8"))
        #expect(parseError(file(header: #"{"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}}"#, dataSize: 4))
                == .offsetsOutOfRange(path: "x.safetensors", tensor: "a", begin: 0, end: 8, dataSize: 4))
        #expect(parseError(file(header: #"{"a": {"dtype": "F32", "shape": [3], "data_offsets": [0, 8]}}"#, dataSize: 8))
                == .shapeMismatch(path: "x.safetensors", tensor: "a", shape: [3], dtype: "F32", byteCount: 8))
        let overlapping = #"{"a": {"dtype": "F32", "shape": [2], "data_offsets": [0, 8]}, "b": {"dtype": "F32", "shape": [1], "data_offsets": [4, 8]}}"#
        #expect(parseError(file(header: overlapping, dataSize: 8)) == .overlappingOffsets(path: "x.safetensors", first: "a", second: "b"))
        do {
            _ = try SafeTensors.read(from: "/nonexistent/file.safetensors")
            Issue.record("reading a missing file succeeded")
        } catch {
            guard case .unreadable(let path, _) = error else { Issue.record("unexpected \(error)"); return }
            #expect(path == "/nonexistent/file.safetensors")
        }
    }

    @Test func rejectsDuplicateKeysAndUncoveredBytes() {
        // JSONSerialization alone keeps the second 'a' and reads the file as valid.
        let twice = #"{"a": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}, "a": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}}"#
        #expect(parseError(file(header: twice, dataSize: 4))
                == .malformedHeader(path: "x.safetensors", problem: "key 'a' appears twice in one object"))
        // Escapes name the same key; duplicates inside a nested object count too.
        let escaped = #"{"a": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}, "\u0061": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}}"#
        #expect(parseError(file(header: escaped, dataSize: 4)) != nil)
        let nested = #"{"__metadata__": {"k": "1", "k": "2"}}"#
        #expect(parseError(file(header: nested, dataSize: 0))
                == .malformedHeader(path: "x.safetensors", problem: "key 'k' appears twice in one object"))
        // The same names in different objects are fine.
        let single = #"{"__metadata__": {"a": "x"}, "a": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}}"#
        #expect(parseError(file(header: single, dataSize: 4)) == nil)
        // Bytes after the last tensor, or between two, belong to nothing.
        let one = #"{"a": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}}"#
        #expect(parseError(file(header: one, dataSize: 7)) == .uncoveredBytes(path: "x.safetensors", begin: 4, end: 7))
        let gap = #"{"a": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4]}, "b": {"dtype": "F32", "shape": [1], "data_offsets": [8, 12]}}"#
        #expect(parseError(file(header: gap, dataSize: 12)) == .uncoveredBytes(path: "x.safetensors", begin: 4, end: 8))
    }

    @Test func unreadableFilesAreDescribedInWords() throws {
        let directory = try temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        // Foundation's error here read "The operation could not be completed. (NSCocoaErrorDomain error 256.)".
        #expect(throws: SafeTensorsError.unreadable(path: directory.path, reason: "is a directory")) { try SafeTensors.read(from: directory.path) }
    }

    @Test func errorMessagesNameTheFile() {
        let error = SafeTensorsError.shapeMismatch(path: "/m/w.safetensors", tensor: "fc.weight", shape: [3], dtype: "F32", byteCount: 8)
        #expect(error.description.contains("/m/w.safetensors") && error.description.contains("fc.weight"))
    }

    /// The paper's location-model weights, present beside the repository on machines that have them.
    static let referencePath = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("../shared/reference/location_model.safetensors").standardized.path

    @Test(.enabled(if: FileManager.default.fileExists(atPath: referencePath)))
    func readsReferenceLocationModel() throws {
        let file = try SafeTensors.read(from: Self.referencePath)
        // Shapes listed in shared/reference/README.md (conv 1-16-32-64-128, Linear(144,128), Linear(128,120)).
        #expect(file["features.0.0.weight"]?.shape == [16, 1, 3, 3])
        #expect(file["features.3.0.weight"]?.shape == [128, 64, 3, 3])
        #expect(file["features.0.1.running_var"]?.shape == [16])
        #expect(file["output.0.weight"]?.shape == [128, 144])
        #expect(file["output.3.weight"]?.shape == [120, 128])
        #expect(file["prev_embed.0.weight"]?.shape == [16, 2])
        #expect(file.dtypes["features.0.1.num_batches_tracked"] == .i64)
        #expect(file["features.0.1.running_var"]?.scalars.allSatisfy { $0 > 0 } == true)
    }
}
