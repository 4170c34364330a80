import Foundation

/// The folder holding the official Omniglot release files, as zips or unpacked folders.
public struct OmniglotDirectory: Sendable {
    /// Every name of the official release, in the order `gns data stats` reports them.
    public static let releaseNames = [
        "images_background", "strokes_background", "images_evaluation", "strokes_evaluation",
        "images_background_small1", "strokes_background_small1", "images_background_small2", "strokes_background_small2",
        "all_runs",
    ]

    /// The directory's path.
    public let path: String

    /// The directory at `path`, which must exist; `origin` says where the path came from, for the error.
    public init(path: String, origin: String = "--data") throws(OmniglotError) {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder) else {
            throw .missingDataDirectory(path: path, origin: origin)
        }
        guard isFolder.boolValue else { throw .dataPathNotADirectory(path: path, origin: origin) }
        self.path = path
    }

    /// The data directory chosen as documented: `option` (from `--data DIR`) if given, else `$GNS_DATA`,
    /// else `../shared/omniglot` relative to `currentDirectory`.
    public static func resolve(
        option: String?, environment: [String: String] = ProcessInfo.processInfo.environment,
        currentDirectory: String = FileManager.default.currentDirectoryPath
    ) throws(OmniglotError) -> OmniglotDirectory {
        if let option { return try OmniglotDirectory(path: option, origin: "--data") }
        if let variable = environment["GNS_DATA"], !variable.isEmpty {
            return try OmniglotDirectory(path: variable, origin: "$GNS_DATA")
        }
        let fallback = URL(fileURLWithPath: currentDirectory).appendingPathComponent("../shared/omniglot").standardized.path
        return try OmniglotDirectory(path: fallback, origin: "the default ../shared/omniglot")
    }

    /// Opens the release file or folder `name` (`name.zip` preferred), or nil when absent.
    public func container(_ name: String) throws(OmniglotError) -> FileContainer? {
        try FileContainer.open(name, in: path)
    }

    /// Which release names are present, and in which form (`zip` or `folder`).
    public func inventory() -> [(name: String, form: String?)] {
        Self.releaseNames.map { name in
            let base = (path as NSString).appendingPathComponent(name)
            if FileManager.default.fileExists(atPath: base + ".zip") { return (name, "zip") }
            var isFolder: ObjCBool = false
            if FileManager.default.fileExists(atPath: base, isDirectory: &isFolder), isFolder.boolValue { return (name, "folder") }
            return (name, nil)
        }
    }
}
