import Foundation

/// Where the object-model weights shipped with the package live (the `Weights` resource folder of this module).
public enum BundledObjectWeights {
    /// The directory holding the bundled `.safetensors` files and their manifests.
    public static var directory: String {
        (Bundle.module.resourcePath ?? Bundle.module.bundlePath) + "/Weights"
    }
}
