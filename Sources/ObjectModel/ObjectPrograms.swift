import Foundation
import Inference
import Language

/// The object domain's `.gns` programs, in the `objects/` folder of the programs root (``ProgramsRoot``).
public enum ObjectPrograms {
    /// The domain's folder under the programs root.
    public static let domainFolder = "objects"

    /// The object programs' folder under the root chosen from `explicit`, `$GNS_PROGRAMS` or the checkout;
    /// throws ``ProgramsRoot/NotFound`` if it has no `furniture.gns`.
    public static func directory(explicit: String? = nil,
                                 environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        try ProgramsRoot.directory(of: domainFolder, probe: "furniture.gns", explicit: explicit, environment: environment)
    }

    /// `function` of `object.gns` in `directory` (`generate_object`, `observed_object`), resolved against
    /// `builtins` (which must include the networks': `BuiltinRegistry.withObjectModel(networks:)`).
    public static func objectModel(_ function: String = "generate_object", directory: String, builtins: BuiltinRegistry) throws -> Model {
        try Model.load(path: (directory as NSString).appendingPathComponent("object.gns"), function: function, builtins: builtins)
    }

    /// The procedural furniture generator, `furniture()` of `furniture.gns` in `directory`.
    public static func furniture(directory: String) throws -> Model {
        try Model.load(path: (directory as NSString).appendingPathComponent("furniture.gns"), function: "furniture",
                       builtins: .withObjectModel())
    }
}
