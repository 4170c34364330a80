import Foundation
import Inference
import Language

/// The character domain's `.gns` programs (`type.gns`, `token.gns`, `image.gns`, `character.gns` and the task
/// programs), in the `characters/` folder of the programs root (``ProgramsRoot``), and loading a function from one.
public enum CharacterPrograms {
    /// The domain's folder under the programs root.
    public static let domainFolder = "characters"

    /// The character programs' folder under the root chosen from `explicit`, `$GNS_PROGRAMS` or the checkout;
    /// throws ``ProgramsRoot/NotFound`` if it has no `character.gns`.
    public static func directory(explicit: String? = nil,
                                 environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        try ProgramsRoot.directory(of: domainFolder, probe: "character.gns", explicit: explicit, environment: environment)
    }

    /// The model `function` of `file` in `directory`, its top level run once, resolved against `builtins`.
    public static func model(_ function: String, in file: String, directory: String, builtins: BuiltinRegistry) throws -> Model {
        try Model.load(path: (directory as NSString).appendingPathComponent(file), function: function, builtins: builtins)
    }
}
