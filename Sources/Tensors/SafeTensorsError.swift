/// Why a safetensors file could not be read or written; every case names the file.
public enum SafeTensorsError: Error, Equatable, CustomStringConvertible {
    /// The file could not be opened or read.
    case unreadable(path: String, reason: String)
    /// The file is shorter than the 8-byte header length prefix.
    case truncated(path: String, size: Int)
    /// The declared header length runs past the end of the file.
    case headerLengthBeyondFile(path: String, headerLength: UInt64, fileSize: Int)
    /// The header is not valid JSON of the expected form.
    case malformedHeader(path: String, problem: String)
    /// A tensor's dtype is not one this reader knows.
    case unknownDType(path: String, tensor: String, dtype: String)
    /// A tensor's byte range is reversed or lies outside the data section.
    case offsetsOutOfRange(path: String, tensor: String, begin: Int, end: Int, dataSize: Int)
    /// Two tensors claim overlapping bytes.
    case overlappingOffsets(path: String, first: String, second: String)
    /// Bytes `begin..<end` of the data section belong to no tensor (a gap, or bytes after the last tensor).
    case uncoveredBytes(path: String, begin: Int, end: Int)
    /// A tensor's byte range does not hold `shape` elements of its dtype.
    case shapeMismatch(path: String, tensor: String, shape: [Int], dtype: String, byteCount: Int)
    /// The file could not be written (the previous file, if any, is left unchanged).
    case unwritable(path: String, reason: String)

    /// A one-line message naming the file and the problem.
    public var description: String {
        switch self {
        case let .unreadable(path, reason):
            return "\(path): cannot read safetensors file: \(reason)"
        case let .truncated(path, size):
            return "\(path): truncated safetensors file (\(size) bytes, the header length alone needs 8)"
        case let .headerLengthBeyondFile(path, headerLength, fileSize):
            return "\(path): header length \(headerLength) runs past the end of the \(fileSize)-byte file"
        case let .malformedHeader(path, problem):
            return "\(path): malformed safetensors header: \(problem)"
        case let .unknownDType(path, tensor, dtype):
            return "\(path): tensor '\(tensor)' has unknown dtype '\(dtype)'"
        case let .offsetsOutOfRange(path, tensor, begin, end, dataSize):
            return "\(path): tensor '\(tensor)' data_offsets [\(begin), \(end)] outside the \(dataSize)-byte data section"
        case let .overlappingOffsets(path, first, second):
            return "\(path): tensors '\(first)' and '\(second)' have overlapping data_offsets"
        case let .uncoveredBytes(path, begin, end):
            return "\(path): bytes \(begin)..<\(end) of the data section belong to no tensor (trailing or stray bytes)"
        case let .shapeMismatch(path, tensor, shape, dtype, byteCount):
            return "\(path): tensor '\(tensor)' of shape \(shape) and dtype \(dtype) cannot fill \(byteCount) bytes"
        case let .unwritable(path, reason):
            return "\(path): cannot write safetensors file: \(reason)"
        }
    }
}
