import Files
import Foundation

/// A set of named tensors in the safetensors format (as written by `safetensors.torch.save_file`).
///
/// Layout: an 8-byte little-endian header length N, N bytes of JSON mapping each name to
/// `{"dtype", "shape", "data_offsets": [begin, end]}` (offsets relative to the data section) plus an
/// optional `"__metadata__"` string map, then the raw little-endian data.
public struct SafeTensors: Sendable {
    /// Element types found in safetensors files. Every one is converted to `Float` on reading.
    public enum DType: String, Sendable, CaseIterable {
        case f64 = "F64", f32 = "F32", f16 = "F16", bf16 = "BF16"
        case i64 = "I64", i32 = "I32", i16 = "I16", i8 = "I8", u8 = "U8", bool = "BOOL"

        /// Bytes per element.
        public var size: Int {
            switch self {
            case .f64, .i64: return 8
            case .f32, .i32: return 4
            case .f16, .bf16, .i16: return 2
            case .i8, .u8, .bool: return 1
            }
        }
    }

    /// The tensors by name, converted to `Float` (integers exactly up to 2^24).
    public var tensors: [String: Tensor]
    /// The dtype each tensor had in the file (`.f32` for tensors to be written).
    public var dtypes: [String: DType]
    /// The free-form `__metadata__` strings.
    public var metadata: [String: String]

    /// A set of `Float` tensors to be written.
    public init(tensors: [String: Tensor], metadata: [String: String] = [:]) {
        self.tensors = tensors.mapValues(\.detached)
        self.dtypes = tensors.mapValues { _ in .f32 }
        self.metadata = metadata
    }

    /// The tensor named `name`, if present.
    public subscript(name: String) -> Tensor? { tensors[name] }

    /// Reads and validates a safetensors file.
    public static func read(from path: String) throws(SafeTensorsError) -> SafeTensors {
        let data: Data
        do {
            data = try InputFile.read(path)
        } catch {
            throw .unreadable(path: path, reason: error.problem)
        }
        return try parse(data, path: path)
    }

    /// Parses the bytes of a safetensors file; `path` is used in error messages.
    public static func parse(_ data: Data, path: String) throws(SafeTensorsError) -> SafeTensors {
        let bytes = [UInt8](data)
        guard bytes.count >= 8 else { throw .truncated(path: path, size: bytes.count) }
        let headerLength = (0..<8).reduce(UInt64(0)) { $0 | UInt64(bytes[$1]) << (8 * UInt64($1)) }
        guard headerLength <= UInt64(bytes.count - 8) else {
            throw .headerLengthBeyondFile(path: path, headerLength: headerLength, fileSize: bytes.count)
        }
        let dataStart = 8 + Int(headerLength)
        let dataSize = bytes.count - dataStart
        guard let json = try? JSONSerialization.jsonObject(with: Data(bytes[8..<dataStart])),
              let header = json as? [String: Any] else {
            throw .malformedHeader(path: path, problem: "not a JSON object")
        }
        // JSONSerialization keeps the last of two equal keys; a file that names a tensor twice is ambiguous.
        if let key = duplicateKey(in: bytes[8..<dataStart]) {
            throw .malformedHeader(path: path, problem: "key '\(key)' appears twice in one object")
        }

        var result = SafeTensors(tensors: [:])
        var ranges: [(name: String, begin: Int, end: Int)] = []
        for (name, entry) in header {
            if name == "__metadata__" {
                guard let metadata = entry as? [String: String] else {
                    throw .malformedHeader(path: path, problem: "__metadata__ is not a map of strings")
                }
                result.metadata = metadata
                continue
            }
            guard let fields = entry as? [String: Any],
                  let dtypeName = fields["dtype"] as? String,
                  let shape = integers(fields["shape"]),
                  let offsets = integers(fields["data_offsets"]), offsets.count == 2 else {
                throw .malformedHeader(path: path, problem: "tensor '\(name)' needs dtype, shape and two data_offsets")
            }
            guard shape.allSatisfy({ $0 >= 0 }) else {
                throw .malformedHeader(path: path, problem: "tensor '\(name)' has a negative extent in shape \(shape)")
            }
            guard let dtype = DType(rawValue: dtypeName) else {
                throw .unknownDType(path: path, tensor: name, dtype: dtypeName)
            }
            let (begin, end) = (offsets[0], offsets[1])
            guard begin >= 0, begin <= end, end <= dataSize else {
                throw .offsetsOutOfRange(path: path, tensor: name, begin: begin, end: end, dataSize: dataSize)
            }
            let (elements, overflow) = shape.reduce((1, false)) { partial, extent in
                let product = partial.0.multipliedReportingOverflow(by: extent)
                return (product.partialValue, partial.1 || product.overflow)
            }
            guard !overflow, elements.multipliedReportingOverflow(by: dtype.size) == (end - begin, false) else {
                throw .shapeMismatch(path: path, tensor: name, shape: shape, dtype: dtypeName, byteCount: end - begin)
            }
            ranges.append((name, begin, end))
            result.tensors[name] = Tensor(shape: shape, scalars: decode(bytes, from: dataStart + begin, count: elements, as: dtype))
            result.dtypes[name] = dtype
        }
        ranges.sort { ($0.begin, $0.end) < ($1.begin, $1.end) }
        for (previous, next) in zip(ranges, ranges.dropFirst()) where next.begin < previous.end {
            throw .overlappingOffsets(path: path, first: previous.name, second: next.name)
        }
        // As the reference reader requires, the tensors tile the data section: no gaps, nothing after the last.
        var covered = 0
        for range in ranges {
            guard range.begin == covered else { throw .uncoveredBytes(path: path, begin: covered, end: range.begin) }
            covered = range.end
        }
        guard covered == dataSize else { throw .uncoveredBytes(path: path, begin: covered, end: dataSize) }
        return result
    }

    /// The first key that appears twice in one JSON object of `json` (a valid JSON text), or nil.
    static func duplicateKey(in json: ArraySlice<UInt8>) -> String? {
        var keys: [Set<String>] = []
        var index = json.startIndex
        while index < json.endIndex {
            switch json[index] {
            case UInt8(ascii: "{"): keys.append([])
            case UInt8(ascii: "}"): keys.removeLast()
            case UInt8(ascii: "\""):
                let start = index
                index += 1
                while json[index] != UInt8(ascii: "\"") { index += json[index] == UInt8(ascii: "\\") ? 2 : 1 }
                var next = index + 1
                while next < json.endIndex, [0x20, 0x09, 0x0A, 0x0D].contains(json[next]) { next += 1 }
                // A string followed by a colon is a key of the innermost object.
                if next < json.endIndex, json[next] == UInt8(ascii: ":"), !keys.isEmpty {
                    let token = Data(json[start...index])
                    let key = (try? JSONSerialization.jsonObject(with: token, options: .fragmentsAllowed) as? String)
                        ?? String(decoding: token, as: UTF8.self)
                    if !keys[keys.count - 1].insert(key).inserted { return key }
                }
            default: break
            }
            index += 1
        }
        return nil
    }

    /// JSON numbers as `Int`s, or `nil` if `value` is not an array of integers.
    private static func integers(_ value: Any?) -> [Int]? {
        guard let array = value as? [Any] else { return nil }
        var result: [Int] = []
        for element in array {
            guard let number = element as? NSNumber, let integer = Int(exactly: number.doubleValue) else { return nil }
            result.append(integer)
        }
        return result
    }

    /// Little-endian elements of `dtype` converted to `Float`.
    private static func decode(_ bytes: [UInt8], from start: Int, count: Int, as dtype: DType) -> [Float] {
        func word(_ index: Int, _ width: Int) -> UInt64 {
            let base = start + index * width
            return (0..<width).reduce(UInt64(0)) { $0 | UInt64(bytes[base + $1]) << (8 * UInt64($1)) }
        }
        return (0..<count).map { i in
            switch dtype {
            case .f64: return Float(Double(bitPattern: word(i, 8)))
            case .f32: return Float(bitPattern: UInt32(word(i, 4)))
            case .f16: return halfToFloat(UInt16(word(i, 2)))
            case .bf16: return Float(bitPattern: UInt32(word(i, 2)) << 16)
            case .i64: return Float(Int64(bitPattern: word(i, 8)))
            case .i32: return Float(Int32(bitPattern: UInt32(word(i, 4))))
            case .i16: return Float(Int16(bitPattern: UInt16(word(i, 2))))
            case .i8: return Float(Int8(bitPattern: UInt8(word(i, 1))))
            case .u8, .bool: return Float(word(i, 1))
            }
        }
    }

    /// IEEE binary16 bits to `Float` (subnormals, infinities and NaN included).
    private static func halfToFloat(_ bits: UInt16) -> Float {
        let sign: Float = bits & 0x8000 == 0 ? 1 : -1
        let exponent = Int(bits >> 10 & 0x1F)
        let mantissa = Float(bits & 0x3FF)
        switch exponent {
        case 0: return sign * mantissa * 0x1p-24
        case 31: return mantissa == 0 ? sign * .infinity : .nan
        default: return sign * (1 + mantissa / 1024) * Float(sign: .plus, exponent: exponent - 15, significand: 1)
        }
    }

    /// Writes the tensors as F32 (names in sorted order) under `OutputFile`'s policy: a regular file is replaced
    /// atomically (an interrupted save leaves any previous file intact).
    public func write(to path: String) throws(SafeTensorsError) {
        var header: [String: Any] = [:]
        var payload = Data()
        for name in tensors.keys.sorted() {
            let tensor = tensors[name]!
            let begin = payload.count
            for value in tensor.scalars { withUnsafeBytes(of: value.bitPattern.littleEndian) { payload.append(contentsOf: $0) } }
            header[name] = ["dtype": DType.f32.rawValue, "shape": tensor.shape, "data_offsets": [begin, payload.count]]
        }
        if !metadata.isEmpty { header["__metadata__"] = metadata }
        guard var json = try? JSONSerialization.data(withJSONObject: header, options: [.sortedKeys]) else {
            throw .unwritable(path: path, reason: "header could not be encoded as JSON")
        }
        // Pad with spaces so the data section starts 8-byte aligned, as the reference writer does.
        json.append(contentsOf: [UInt8](repeating: 0x20, count: (8 - json.count % 8) % 8))
        var file = Data()
        withUnsafeBytes(of: UInt64(json.count).littleEndian) { file.append(contentsOf: $0) }
        file.append(json)
        file.append(payload)
        do {
            try OutputFile.write(file, to: path)
        } catch {
            throw .unwritable(path: path, reason: error.problem)
        }
    }
}
