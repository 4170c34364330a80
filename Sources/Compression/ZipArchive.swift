import Foundation

/// One file or folder listed in a ZIP archive's central directory.
public struct ZipEntry: Sendable, Hashable {
    /// Path inside the archive, with `/` separators; folders end with `/`.
    public let path: String
    /// Compression method: 0 stored, 8 deflated (others are listed but cannot be extracted).
    public let method: Int
    /// CRC-32 of the uncompressed data.
    public let crc32: UInt32
    /// Size of the stored (compressed) data in bytes.
    public let compressedSize: Int
    /// Size of the data once extracted, in bytes.
    public let uncompressedSize: Int
    /// Offset of the entry's local header in the archive.
    let localHeaderOffset: Int

    /// True for folder entries (path ending in `/`).
    public var isDirectory: Bool { path.hasSuffix("/") }
}

/// A ZIP archive held in memory: its central directory is parsed on opening, entries are extracted on demand.
///
/// Supports stored (0) and deflated (8) entries of archives below 4 GiB; encrypted, ZIP64 and multi-disk archives
/// are rejected with a ``ZipError``. Every extraction is checked against the entry's CRC-32 and declared size,
/// and a deflated entry may not decode to more than its declared size (so a zip bomb fails at that size).
public struct ZipArchive: Sendable {
    /// The archive's path (used in error messages).
    public let path: String
    /// Every entry in central-directory order.
    public let entries: [ZipEntry]
    private let bytes: [UInt8]
    private let index: [String: Int]

    /// Reads and indexes the archive at `path`.
    public init(path: String) throws(ZipError) {
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "it is not readable" : "no such file"
            throw ZipError(archive: path, problem: .unreadable(reason))
        }
        try self.init(bytes: [UInt8](data), path: path)
    }

    /// Indexes an archive already in memory; `path` labels errors.
    public init(bytes: [UInt8], path: String) throws(ZipError) {
        self.path = path
        self.bytes = bytes
        do {
            entries = try Self.readCentralDirectory(bytes)
        } catch {
            throw ZipError(archive: path, problem: error)
        }
        var index: [String: Int] = [:]
        for (position, entry) in entries.enumerated() where index[entry.path] == nil { index[entry.path] = position }
        self.index = index
    }

    /// The entry at `path` inside the archive, if any.
    public func entry(_ path: String) -> ZipEntry? {
        index[path].map { entries[$0] }
    }

    /// The extracted contents of the entry at `path`.
    public func contents(of path: String) throws(ZipError) -> [UInt8] {
        guard let entry = entry(path) else { throw ZipError(archive: self.path, entry: path, problem: .entryNotFound(path)) }
        return try contents(of: entry)
    }

    /// The extracted contents of `entry`, CRC-checked.
    public func contents(of entry: ZipEntry) throws(ZipError) -> [UInt8] {
        do {
            return try extract(entry)
        } catch {
            throw ZipError(archive: path, entry: entry.path, problem: error)
        }
    }

    private func extract(_ entry: ZipEntry) throws(CompressionError) -> [UInt8] {
        let offset = entry.localHeaderOffset
        guard offset + 30 <= bytes.count else { throw .truncated("a local file header") }
        let signature = bytes.uint32(at: offset)
        guard signature == 0x0403_4B50 else { throw .badSignature("local file header", found: signature) }
        let nameLength = bytes.uint16(at: offset + 26)
        let extraLength = bytes.uint16(at: offset + 28)
        let start = offset + 30 + nameLength + extraLength
        guard start + entry.compressedSize <= bytes.count else { throw .truncated("the entry's data") }
        let stored = Array(bytes[start..<(start + entry.compressedSize)])
        let data: [UInt8]
        switch entry.method {
        case 0: data = stored
        case 8: data = try Deflate.decompress(stored, outputLimit: entry.uncompressedSize, expectedSize: entry.uncompressedSize)
        default: throw .unsupportedMethod(entry.method)
        }
        guard data.count == entry.uncompressedSize else {
            throw .malformed("extracted \(data.count) bytes, the directory declares \(entry.uncompressedSize)")
        }
        let crc = CRC32.checksum(data)
        guard crc == entry.crc32 else { throw .checksumMismatch(kind: "CRC-32", expected: entry.crc32, actual: crc) }
        return data
    }

    /// Finds the end-of-central-directory record (searching back over a comment of up to 65,535 bytes)
    /// and lists the central directory.
    private static func readCentralDirectory(_ bytes: [UInt8]) throws(CompressionError) -> [ZipEntry] {
        let recordSize = 22
        guard bytes.count >= recordSize else { throw .truncated("the end-of-central-directory record (file is \(bytes.count) bytes)") }
        var end = -1
        var candidate = bytes.count - recordSize
        let lowest = max(0, bytes.count - recordSize - 65535)
        while candidate >= lowest {
            // The record's comment length must reach exactly to the end of the file, so a stray signature
            // inside the comment is not mistaken for the record.
            if bytes.uint32(at: candidate) == 0x0605_4B50 && candidate + recordSize + bytes.uint16(at: candidate + 20) == bytes.count {
                end = candidate
                break
            }
            candidate -= 1
        }
        guard end >= 0 else { throw .badSignature("end-of-central-directory (not found)", found: 0) }
        let disk = bytes.uint16(at: end + 4)
        let directoryDisk = bytes.uint16(at: end + 6)
        guard disk == 0 && directoryDisk == 0 else { throw .unsupportedFeature("multi-disk archive") }
        let count = bytes.uint16(at: end + 10)
        let size = bytes.uint32(at: end + 12)
        let offset = bytes.uint32(at: end + 16)
        if count == 0xFFFF || size == 0xFFFF_FFFF || offset == 0xFFFF_FFFF { throw .unsupportedFeature("ZIP64 archive") }
        guard Int(offset) + Int(size) <= end else {
            throw .malformed("central directory (offset \(offset), \(size) bytes) overlaps its end record at \(end)")
        }
        var entries: [ZipEntry] = []
        entries.reserveCapacity(count)
        var position = Int(offset)
        for number in 0..<count {
            guard position + 46 <= end else { throw .truncated("central directory entry \(number + 1) of \(count)") }
            let signature = bytes.uint32(at: position)
            guard signature == 0x0201_4B50 else { throw .badSignature("central directory entry \(number + 1)", found: signature) }
            let flags = bytes.uint16(at: position + 8)
            let method = bytes.uint16(at: position + 10)
            let crc = bytes.uint32(at: position + 16)
            let compressedSize = bytes.uint32(at: position + 20)
            let uncompressedSize = bytes.uint32(at: position + 24)
            let nameLength = bytes.uint16(at: position + 28)
            let extraLength = bytes.uint16(at: position + 30)
            let commentLength = bytes.uint16(at: position + 32)
            let localOffset = bytes.uint32(at: position + 42)
            let nameStart = position + 46
            let next = nameStart + nameLength + extraLength + commentLength
            guard next <= end else { throw .truncated("central directory entry \(number + 1) of \(count)") }
            // Bit 11 marks UTF-8 names; otherwise CP437, whose ASCII subset is all Omniglot uses.
            let nameBytes = bytes[nameStart..<(nameStart + nameLength)]
            let name = String(decoding: nameBytes, as: UTF8.self)
            if flags & 1 != 0 { throw .unsupportedFeature("encrypted entry '\(name)'") }
            if compressedSize == 0xFFFF_FFFF || uncompressedSize == 0xFFFF_FFFF || localOffset == 0xFFFF_FFFF {
                throw .unsupportedFeature("ZIP64 entry '\(name)'")
            }
            entries.append(ZipEntry(
                path: name, method: method, crc32: crc, compressedSize: Int(compressedSize),
                uncompressedSize: Int(uncompressedSize), localHeaderOffset: Int(localOffset)))
            position = next
        }
        return entries
    }
}

extension [UInt8] {
    /// Little-endian 16-bit field at `offset` (callers check bounds).
    fileprivate func uint16(at offset: Int) -> Int {
        Int(self[offset]) | Int(self[offset + 1]) << 8
    }

    /// Little-endian 32-bit field at `offset` (callers check bounds).
    fileprivate func uint32(at offset: Int) -> UInt32 {
        UInt32(self[offset]) | UInt32(self[offset + 1]) << 8 | UInt32(self[offset + 2]) << 16 | UInt32(self[offset + 3]) << 24
    }
}
