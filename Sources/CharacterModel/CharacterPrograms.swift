import Foundation
import Inference
import Language

/// Where the model's `.gns` programs (`type.gns`, `token.gns`, `image.gns`, `character.gns`) are found, and
/// loading a function from one of them.
///
/// The folder is, in order: an explicit path (`gns sample --programs DIR`), the `GNS_PROGRAMS` environment
/// variable, or the `Programs/` folder of the source checkout this module was compiled from (found from this
/// file's `#filePath`, so `swift run gns ...` works from a checkout with no setup).
public enum CharacterPrograms {
    /// The environment variable that names the programs folder.
    public static let environmentVariable = "GNS_PROGRAMS"

    /// The checkout's `Programs/` folder: two levels above `Sources/CharacterModel/`.
    public static let checkoutDirectory: String = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Programs").path

    /// The programs folder: `explicit` if given, else `$GNS_PROGRAMS`, else the checkout's `Programs/`.
    /// Throws if the folder chosen has no `character.gns`, naming the folder and how it was chosen.
    public static func directory(explicit: String? = nil,
                                 environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        let (path, origin): (String, String)
        if let explicit {
            (path, origin) = (explicit, "--programs")
        } else if let variable = environment[environmentVariable], !variable.isEmpty {
            (path, origin) = (variable, "$\(environmentVariable)")
        } else {
            (path, origin) = (checkoutDirectory, "the source checkout")
        }
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
