import Compression
import Foundation
import ObjectModel

/// A set of part-labelled voxel objects in one file, the object model's training data (`.gnsvox`).
///
/// Layout: the 8 bytes `GNSVOX1\n`, then one zlib stream holding a 4-byte little-endian header length, the
/// header (UTF-8 JSON: `{"size": S, "objects": [{"kind": K, "parts": [category, ...]}, ...]}`) and each
/// object's `S³` label bytes in header order (x fastest, then y, then z; 0 empty, i = the object's part
/// i - 1). Anything that can export per-voxel part labels (PartNet, for example) can be written in it:
/// the reader knows the format, not the generator.
public struct PartVoxelSet: Sendable, Equatable {
    /// One object: what kind it is ("chair", ...) and its labelled voxels.
    public struct Object: Sendable, Equatable {
        public var kind: String
        public var voxels: PartVoxels

        public init(kind: String, voxels: PartVoxels) {
            self.kind = kind
            self.voxels = voxels
        }
    }

    /// The objects, all on grids of one size.
    public var objects: [Object]

    public init(objects: [Object]) { self.objects = objects }

    static let magic = Array("GNSVOX1\n".utf8)
    /// The largest grid side the reader accepts (128³ bytes a grid).
    static let maximumSize = 128

    private struct Header: Codable {
        struct Entry: Codable { var kind: String; var parts: [String] }
        var size: Int
        var objects: [Entry]
    }

    /// The file's bytes. Every object must be on a grid of the same size.
    public func encoded() -> [UInt8] {
        let size = objects.first?.voxels.size ?? 0
        precondition(objects.allSatisfy { $0.voxels.size == size }, "a voxel set's objects share one grid size")
        let header = Header(size: size, objects: objects.map { .init(kind: $0.kind, parts: $0.voxels.categories) })
        let json = [UInt8](try! JSONEncoder().encode(header))
        var payload = withUnsafeBytes(of: UInt32(json.count).littleEndian, Array.init) + json
        for object in objects { payload += object.voxels.labels }
        return Self.magic + Zlib.compress(payload, level: 6)
    }

    /// Reads a set from `bytes`; `path` names the file in errors.
    public init(decoding bytes: [UInt8], path: String) throws(PartVoxelFileError) {
        func bad(_ problem: String) -> PartVoxelFileError { PartVoxelFileError(path: path, problem: problem) }
        guard bytes.count >= Self.magic.count, Array(bytes.prefix(Self.magic.count)) == Self.magic else {
            throw bad("not a GNS voxel set (it does not start with GNSVOX1)")
        }
        let payload: [UInt8]
        do {
            payload = try Zlib.decompress(Array(bytes.dropFirst(Self.magic.count)), outputLimit: 1 << 31)
        } catch {
            throw bad("the compressed body is damaged: \(error)")
        }
        guard payload.count >= 4 else { throw bad("the header length is missing") }
        let headerLength = Int(UInt32(payload[0]) | UInt32(payload[1]) << 8 | UInt32(payload[2]) << 16 | UInt32(payload[3]) << 24)
        guard headerLength <= payload.count - 4 else { throw bad("the header claims \(headerLength) bytes, more than the file holds") }
        let header: Header
        do {
            header = try JSONDecoder().decode(Header.self, from: Data(payload[4..<(4 + headerLength)]))
        } catch {
            throw bad("the header is not the expected JSON ({size, objects: [{kind, parts}]})")
        }
        guard (1...Self.maximumSize).contains(header.size) else { throw bad("grid size \(header.size) is outside 1...\(Self.maximumSize)") }
        let cells = header.size * header.size * header.size
        let expected = 4 + headerLength + header.objects.count * cells
        guard payload.count == expected else {
            throw bad("\(header.objects.count) objects of \(header.size)^3 voxels need \(expected) bytes after decompression, found \(payload.count)")
        }
        var objects: [Object] = []
        for (index, entry) in header.objects.enumerated() {
            let start = 4 + headerLength + index * cells
            do {
                let voxels = try PartVoxels(size: header.size, categories: entry.parts, labels: Array(payload[start..<(start + cells)]))
                objects.append(Object(kind: entry.kind, voxels: voxels))
            } catch {
                throw bad("object \(index): \(error)")
            }
        }
        self.objects = objects
    }

    /// Reads the set at `path`.
    public init(contentsOf path: String) throws(PartVoxelFileError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw PartVoxelFileError(path: path, problem: "cannot be read (missing, a directory, or not permitted)")
        }
        try self.init(decoding: [UInt8](data), path: path)
    }
}

/// Why a voxel set file could not be read.
public struct PartVoxelFileError: Error, Equatable, CustomStringConvertible {
    public let path: String, problem: String
    public var description: String { "\(path): \(problem)" }
}
