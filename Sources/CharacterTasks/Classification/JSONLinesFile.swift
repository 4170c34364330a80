import Foundation

/// A file of JSON Lines records appended and flushed one at a time, so a long computation can be killed and
/// resumed: a results file (``TrialRecord``s) or a parse cache (``ParseCache``).
///
/// A line is written with a single `write`, so a kill leaves at most one partial last line, with no newline;
/// reading drops it (and ``openForAppending(_:resume:)`` cuts it off), and its record is computed again.
public struct JSONLinesFile<Record: Codable> {
    /// The file's path.
    public let path: String
    private let handle: FileHandle

    /// The complete records of `path`, in file order; a partial last line (no newline) is skipped.
    /// Throws, naming path:line, on a complete line that is not a record.
    public static func read(_ path: String) throws(ClassificationError) -> [Record] {
        try read(path, contents: contents(path)).records
    }

    /// Opens `path` for appending: a new file, or, with `resume`, the existing one cut after its last complete
    /// line. Returns the file and the records already there. Without `resume`, an existing non-empty file is an
    /// error, so finished work is never overwritten by accident.
    public static func openForAppending(_ path: String, resume: Bool) throws(ClassificationError) -> (file: JSONLinesFile, records: [Record]) {
        let manager = FileManager.default
        var records: [Record] = []
        if manager.fileExists(atPath: path) {
            let data = try contents(path)
            guard resume || data.isEmpty else { throw .resultsExist(path: path) }
            let read = try read(path, contents: data)
            records = read.records
            if read.completeBytes < data.count { try truncate(path, to: read.completeBytes) }
        } else if !manager.createFile(atPath: path, contents: nil) {
            throw .io(path: path, reason: "cannot create the file")
        }
        guard let handle = FileHandle(forWritingAtPath: path) else { throw .io(path: path, reason: "cannot open for writing") }
        do {
            try handle.seekToEnd()
        } catch {
            throw .io(path: path, reason: describe(error))
        }
        return (JSONLinesFile(path: path, handle: handle), records)
    }

    /// Appends `record` as one line (keys sorted, so equal records give equal lines) and flushes it to disk.
    public func append(_ record: Record) throws(ClassificationError) {
        do {
            try handle.write(contentsOf: Self.line(record))
            try handle.synchronize()
        } catch {
            throw .io(path: path, reason: Self.describe(error))
        }
    }

    /// Closes the file.
    public func close() {
        try? handle.close()
    }

    /// `record` as one JSON line with its newline.
    static func line(_ record: Record) throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        var line = try encoder.encode(record)
        line.append(0x0A)
        return line
    }

    /// The records and the byte length of the complete lines.
    static func read(_ path: String, contents data: Data) throws(ClassificationError) -> (records: [Record], completeBytes: Int) {
        let newline = UInt8(ascii: "\n")
        let completeBytes = (data.lastIndex(of: newline).map { $0 + 1 } ?? data.startIndex) - data.startIndex
        let decoder = JSONDecoder()
        var records: [Record] = []
        for (offset, line) in data.prefix(completeBytes).split(separator: newline, omittingEmptySubsequences: false).dropLast().enumerated() {
            do {
                records.append(try decoder.decode(Record.self, from: Data(line)))
            } catch {
                throw .malformedRecord(path: path, line: offset + 1, reason: describe(error))
            }
        }
        return (records, completeBytes)
    }

    private static func contents(_ path: String) throws(ClassificationError) -> Data {
        guard let data = FileManager.default.contents(atPath: path) else { throw .io(path: path, reason: "cannot read the file") }
        return data
    }

    private static func truncate(_ path: String, to length: Int) throws(ClassificationError) {
        guard let handle = FileHandle(forWritingAtPath: path) else { throw .io(path: path, reason: "cannot open for writing") }
        defer { try? handle.close() }
        do {
            try handle.truncate(atOffset: UInt64(length))
        } catch {
            throw .io(path: path, reason: describe(error))
        }
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case let DecodingError.keyNotFound(key, _): return "no '\(key.stringValue)' field"
        case let DecodingError.dataCorrupted(context): return context.debugDescription
        case let DecodingError.typeMismatch(_, context): return context.debugDescription
        case let DecodingError.valueNotFound(_, context): return context.debugDescription
        default: return "\(error)"
        }
    }
}

/// A results file: one ``TrialRecord`` per line.
public typealias ResultsFile = JSONLinesFile<TrialRecord>
