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

    /// The procedural furniture generator, `furniture()` of `furniture.gns` in `directory`.
    public static func furniture(directory: String) throws -> Model {
        try Model.load(path: (directory as NSString).appendingPathComponent("furniture.gns"), function: "furniture",
                       builtins: .withObjectModel())
    }
}
