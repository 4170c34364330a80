import Compression
import Foundation

/// One unit of the official release: a ZIP archive, or the same content unpacked as a folder.
///
/// Either way, files are addressed by the path they have inside the archive (for example
/// `images_background_small1/Greek/character01/0394_01.png`), so the rest of the module cannot tell them apart.
public struct FileContainer: Sendable {
    enum Storage: Sendable {
        case zip(ZipArchive)
        /// The folder holding the unpacked top-level folder (the data directory).
        case folder(parent: String)
    }

    let storage: Storage
    /// The release name, e.g. `images_background_small1`.
    public let name: String
    /// The archive or folder path, for messages.
    public let path: String

    /// Opens `name` in `directory` as `name.zip` if present, else as the folder `name/`; nil when neither exists.
    static func open(_ name: String, in directory: String) throws(OmniglotError) -> FileContainer? {
        let zipPath = (directory as NSString).appendingPathComponent(name + ".zip")
        let folderPath = (directory as NSString).appendingPathComponent(name)
        var isFolder: ObjCBool = false
        if FileManager.default.fileExists(atPath: zipPath) {
            do {
                return FileContainer(storage: .zip(try ZipArchive(path: zipPath)), name: name, path: zipPath)
            } catch {
                throw .archive(error)
            }
        }
        if FileManager.default.fileExists(atPath: folderPath, isDirectory: &isFolder), isFolder.boolValue {
            return FileContainer(storage: .folder(parent: directory), name: name, path: folderPath)
        }
        return nil
    }

    /// Whether this is a ZIP archive (rather than an unpacked folder).
    public var isArchive: Bool {
        if case .zip = storage { return true }
        return false
    }

    /// Paths of the regular files, sorted, skipping macOS metadata (`__MACOSX/`, `.DS_Store`, `._*`).
    func filePaths() throws(OmniglotError) -> [String] {
        var paths: [String] = []
        switch storage {
        case let .zip(archive):
            paths = archive.entries.filter { !$0.isDirectory }.map(\.path)
        case let .folder(parent):
            let root = (parent as NSString).appendingPathComponent(name)
            guard let enumerator = FileManager.default.enumerator(atPath: root) else {
                throw .unreadable(path: root, reason: "cannot list folder")
            }
            while let relative = enumerator.nextObject() as? String {
                var isFolder: ObjCBool = false
                let full = (root as NSString).appendingPathComponent(relative)
                if FileManager.default.fileExists(atPath: full, isDirectory: &isFolder), !isFolder.boolValue {
                    paths.append(name + "/" + relative)
                }
            }
        }
        return paths.filter { path in
            !path.hasPrefix("__MACOSX/") && !(path.split(separator: "/").last?.hasPrefix(".") ?? true)
        }.sorted()
    }

    /// The bytes of the file at `path` (a path as listed by ``filePaths()``).
    func read(_ path: String) throws(OmniglotError) -> [UInt8] {
        switch storage {
        case let .zip(archive):
            do {
                return try archive.contents(of: path)
            } catch {
                if case .entryNotFound = error.problem { throw .missingFile(displayPath(path)) }
                throw .archive(error)
            }
        case let .folder(parent):
            let full = (parent as NSString).appendingPathComponent(path)
            guard let data = FileManager.default.contents(atPath: full) else {
                if FileManager.default.fileExists(atPath: full) { throw .unreadable(path: full, reason: "cannot read file") }
                throw .missingFile(full)
            }
            return [UInt8](data)
        }
    }

    /// Whether a file exists at `path`.
    func contains(_ path: String) -> Bool {
        switch storage {
        case let .zip(archive): return archive.entry(path) != nil
        case let .folder(parent): return FileManager.default.fileExists(atPath: (parent as NSString).appendingPathComponent(path))
        }
    }

    /// How messages name a file: `archive.zip:entry` or the file's own path.
    public func displayPath(_ path: String) -> String {
        switch storage {
        case .zip: return self.path + ":" + path
        case let .folder(parent): return (parent as NSString).appendingPathComponent(path)
        }
    }
}
