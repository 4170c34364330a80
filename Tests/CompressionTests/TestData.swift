import Foundation
import Random

/// Inputs shared by the compression tests; `text` and `skewed` repeat the formulas of
/// Benchmarks/tools/make_compression_fixtures.py, so Python's zlib streams can be checked byte for byte.
enum TestData {
    static func input(named name: String) -> [UInt8] {
        switch name {
        case "text": return text
        case "skewed": return skewed
        default: return []
        }
    }

    static let text: [UInt8] = Array((0..<60).map { "\($0): the quick brown fox jumps over \($0 * $0 % 97) lazy dogs\n" }.joined().utf8)

    static let skewed: [UInt8] = {
        var x = 12345
        var out: [UInt8] = []
        for _ in 0..<2000 {
            x = (x * 1_103_515_245 + 12345) % (1 << 31)
            let v = x >> 16
            out.append(UInt8(v % 8 == 0 ? v % 256 : v % 16))
        }
        return out
    }()

    /// Bytes from a hex string, ignoring whitespace.
    static func bytes(hex: String) -> [UInt8] {
        let digits = hex.compactMap { $0.hexDigitValue }
        return stride(from: 0, to: digits.count - 1, by: 2).map { UInt8(digits[$0] << 4 | digits[$0 + 1]) }
    }

    /// A reproducible stream of pseudo-random bytes.
    static func random(count: Int, seed: UInt64) -> [UInt8] {
        var generator = SeededGenerator(seed: seed)
        return (0..<count).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
    }

    /// Path of the shared Omniglot folder (`../shared/omniglot` from the package root), or nil when absent.
    static func omniglotFile(_ name: String, filePath: String = #filePath) -> String? {
        let root = URL(fileURLWithPath: filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let path = root.deletingLastPathComponent().appendingPathComponent("shared/omniglot/\(name)").path
        return FileManager.default.fileExists(atPath: path) ? path : nil
    }
}
