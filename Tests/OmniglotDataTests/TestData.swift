import Foundation
@testable import OmniglotData

/// Where the shared Omniglot release lives for tests: `../shared/omniglot` from the package root.
enum TestData {
    static func omniglotDirectory(filePath: String = #filePath) -> OmniglotDirectory? {
        let root = URL(fileURLWithPath: filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let path = root.deletingLastPathComponent().appendingPathComponent("shared/omniglot").standardized.path
        guard let directory = try? OmniglotDirectory(path: path) else {
            print("skipping: Omniglot data not found at \(path)")
            return nil
        }
        return directory
    }

    /// A fresh temporary folder, removed by the caller.
    static func temporaryFolder() throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("gns-omniglot-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }
}
