import Foundation
import Neural
import ObjectNetworks
import Random
import Tensors

/// The object model's three networks, as the builtins evaluate them (the training run's weights files).
public struct ObjectNetworkSet: Sendable {
    /// p(k | C).
    public var category: PartCategoryNetwork
    /// p(stop | C).
    public var termination: ObjectTerminationNetwork
    /// p(x | k, C).
    public var instance: PartInstanceNetwork

    /// The weights files `gns train` writes by default, in a weights folder.
    public static let fileNames = (category: "object-category.safetensors", termination: "object-termination.safetensors",
                                   instance: "object-instance.safetensors")

    /// The part categories, in the order of `category`'s probabilities and `instance`'s one-hot inputs.
    public var categories: [String] { category.categories }

    /// Untrained networks over `categories` (for tests, and for running programs before training).
    public init(categories: [String], seed: UInt64) {
        var generator = SeededGenerator(seed: seed)
        category = PartCategoryNetwork(categories: categories, generator: &generator)
        termination = ObjectTerminationNetwork(generator: &generator)
        instance = PartInstanceNetwork(categories: categories, generator: &generator)
    }

    /// The networks in `directory`'s three weights files (``fileNames``). The category and instance files must
    /// name the same categories in their metadata (a training run writes them there).
    public init(directory: String) throws(WeightsError) {
        let categoryPath = directory + "/" + Self.fileNames.category, instancePath = directory + "/" + Self.fileNames.instance
        let (categoryFile, categories) = try Self.read(categoryPath)
        let (instanceFile, instanceCategories) = try Self.read(instancePath)
        guard instanceCategories == categories else {
            throw .unreadable(path: instancePath, reason: "its categories (\(instanceCategories.joined(separator: ", "))) differ from "
                              + "\(categoryPath)'s (\(categories.joined(separator: ", "))): train both on the same set")
        }
        self.init(categories: categories, seed: 0)
        try category.load(categoryFile, path: categoryPath)
        try instance.load(instanceFile, path: instancePath)
        try termination.load(contentsOf: directory + "/" + Self.fileNames.termination)
    }

    /// Writes the three networks' weights to `directory` as ``init(directory:)`` reads them (their metadata lists
    /// the categories).
    public func write(directory: String) throws(SafeTensorsError) {
        let metadata = ["categories": categories.joined(separator: ",")]
        try SafeTensors(tensors: category.stateDictionary, metadata: metadata).write(to: directory + "/" + Self.fileNames.category)
        try SafeTensors(tensors: termination.stateDictionary, metadata: metadata).write(to: directory + "/" + Self.fileNames.termination)
        try SafeTensors(tensors: instance.stateDictionary, metadata: metadata).write(to: directory + "/" + Self.fileNames.instance)
    }

    /// The networks in `directory` (a `--weights` option), or the bundled ones when it is nil.
    public static func load(from directory: String?) throws(WeightsError) -> ObjectNetworkSet {
        if let directory { try ObjectNetworkSet(directory: directory) } else { try bundled() }
    }

    /// The weights trained by GNS and shipped with the package (``BundledObjectWeights``); throws naming the
    /// bundled path of a file that is missing, unreadable or does not fit its network.
    public static func bundled() throws(WeightsError) -> ObjectNetworkSet {
        let directory = BundledObjectWeights.directory
        for name in [fileNames.category, fileNames.termination, fileNames.instance] {
            let path = directory + "/" + name
            guard FileManager.default.fileExists(atPath: path) else {
                throw .unreadable(path: path, reason: "this build has no bundled object weights; train them with 'gns train object-category|object-termination|object-instance' and copy the three files to Sources/ObjectModel/Weights/, or pass a weights folder")
            }
        }
        return try ObjectNetworkSet(directory: directory)
    }

    /// A weights file and the categories its metadata lists.
    private static func read(_ path: String) throws(WeightsError) -> (SafeTensors, [String]) {
        let file: SafeTensors
        do { file = try SafeTensors.read(from: path) } catch { throw .unreadable(path: path, reason: "\(error)") }
        guard let names = file.metadata["categories"], !names.isEmpty else {
            throw .unreadable(path: path, reason: "its metadata lists no part categories (weights from gns train object-category or object-instance have them)")
        }
        return (file, names.split(separator: ",").map(String.init))
    }
}
