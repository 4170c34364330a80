import Foundation

/// Where a domain's `.gns` programs are found: the folder `<root>/<domain>/`, the root being, in order, an
/// explicit path (a command's `--programs DIR`), the `GNS_PROGRAMS` environment variable, or the `Programs/`
/// folder of the source checkout this module was compiled from (found from this file's `#filePath`, so
/// `swift run gns ...` works from a checkout with no setup).
public enum ProgramsRoot {
    /// The environment variable that names the programs root.
    public static let environmentVariable = "GNS_PROGRAMS"

    /// The checkout's `Programs/` folder: two levels above `Sources/Inference/`.
    public static let checkout: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Programs").path

    /// Why a domain's programs could not be found.
    public struct NotFound: Error, Equatable, CustomStringConvertible {
        /// The folder that was looked in, the file that was missing and how the root was chosen.
        public let directory: String, file: String, origin: String

        /// A sentence naming the folder and what to do.
        public var description: String {
            "no \(file) in '\(directory)' (under the programs root from \(origin)); pass --programs DIR or set "
                + "\(ProgramsRoot.environmentVariable) to a GNS Programs/ folder (the one with the domains' folders inside)"
        }
    }

    /// The folder of `domain`'s programs under the chosen root; throws ``NotFound`` unless it holds `probe`.
    public static func directory(of domain: String, probe: String, explicit: String? = nil,
                                 environment: [String: String] = ProcessInfo.processInfo.environment) throws(NotFound) -> String {
        let (root, origin): (String, String)
        if let explicit {
            (root, origin) = (explicit, "--programs")
        } else if let variable = environment[environmentVariable], !variable.isEmpty {
            (root, origin) = (variable, "$\(environmentVariable)")
        } else {
            (root, origin) = (checkout, "the source checkout")
        }
        let path = (root as NSString).appendingPathComponent(domain)
        guard FileManager.default.isReadableFile(atPath: (path as NSString).appendingPathComponent(probe)) else {
            throw NotFound(directory: path, file: probe, origin: origin)
        }
        return path
    }
}
