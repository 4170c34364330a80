import Foundation
import Inference
import Language

/// Where the character domain's `.gns` programs are found, and loading a function from one of them.
///
/// The programs root holds one folder per domain (`characters/`, `objects/`, ...); the character programs
/// (`type.gns`, `token.gns`, `image.gns`, `character.gns` and the task programs) are in its `characters/`.
/// The root is, in order: an explicit path (`gns sample --programs DIR`), the `GNS_PROGRAMS` environment
/// variable, or the `Programs/` folder of the source checkout this module was compiled from (found from this
/// file's `#filePath`, so `swift run gns ...` works from a checkout with no setup).
public enum CharacterPrograms {
    /// The environment variable that names the programs root.
    public static let environmentVariable = "GNS_PROGRAMS"

    /// The domain's folder under the programs root.
    public static let domainFolder = "characters"

    /// The checkout's `Programs/` folder: two levels above `Sources/CharacterModel/`.
    public static let checkoutRoot: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Programs").path

    /// The character programs' folder: `characters/` under `explicit` if given, else under `$GNS_PROGRAMS`, else
    /// under the checkout's `Programs/`. Throws if that folder has no `character.gns`, naming it and how the root
    /// was chosen.
    public static func directory(explicit: String? = nil,
                                 environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        let (root, origin): (String, String)
        if let explicit {
            (root, origin) = (explicit, "--programs")
        } else if let variable = environment[environmentVariable], !variable.isEmpty {
            (root, origin) = (variable, "$\(environmentVariable)")
        } else {
            (root, origin) = (checkoutRoot, "the source checkout")
        }
        let path = (root as NSString).appendingPathComponent(domainFolder)
        let probe = (path as NSString).appendingPathComponent("character.gns")
        guard FileManager.default.isReadableFile(atPath: probe) else {
            throw CharacterModelError.programsNotFound(directory: path, origin: origin)
        }
        return path
    }

    /// The model `function` of `file` in `directory`, its top level run once, resolved against `builtins`.
    public static func model(_ function: String, in file: String, directory: String, builtins: BuiltinRegistry) throws -> Model {
        try Model.load(path: (directory as NSString).appendingPathComponent(file), function: function, builtins: builtins)
    }
}
