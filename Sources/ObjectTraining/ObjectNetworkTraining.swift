import Neural
import ObjectModel
import ObjectNetworks
import Tensors

/// Which of the object model's networks a training run fits.
public enum ObjectNetworkKind: String, CaseIterable, Sendable {
    case category = "object-category", termination = "object-termination", instance = "object-instance"
}

/// One step of building an object: the canvas holds the object's first `placed` parts.
public struct PartStep: Sendable, Equatable {
    /// The object's index in its set.
    public var object: Int
    /// How many parts are on the canvas.
    public var placed: Int
}

/// A part-labelled voxel set seen as training examples: canvases of the parts placed so far, and the parts.
///
/// A voxel belongs to the last part that filled it (the file's labels), so where parts overlap, the canvas of
/// the earlier parts lacks the voxels a later part took over; furniture parts touch more than they overlap.
public struct ObjectExamples: Sendable {
    /// The objects' labelled grids, all 32³.
    public let objects: [PartVoxels]
    /// The categories of all parts, sorted: the networks' category order.
    public let categories: [String]
    /// Every part's category index, per object.
    let categoryIndices: [[Int]]

    /// The examples of `set`; throws unless its grids are the networks' 32³.
    public init(_ set: PartVoxelSet, path: String) throws(PartVoxelFileError) {
        let size = VoxelEncoder.gridSize
        if let object = set.objects.first, object.voxels.size != size {
            throw PartVoxelFileError(path: path, problem: "its grids are \(object.voxels.size)^3 voxels; the object networks read \(size)^3 grids")
        }
        objects = set.objects.map(\.voxels)
        categories = Array(Set(objects.flatMap(\.categories))).sorted()
        let index = Dictionary(uniqueKeysWithValues: categories.enumerated().map { ($1, $0) })
        categoryIndices = objects.map { $0.categories.map { index[$0]! } }
    }

    /// Steps that place one more part (a category or instance example): `placed` in 0..<parts, for `objects`.
    public func partSteps(_ objects: Range<Int>) -> [PartStep] {
        objects.flatMap { object in (0..<self.objects[object].categories.count).map { PartStep(object: object, placed: $0) } }
    }

    /// Steps after which the termination model decides: `placed` in 1...parts (stop only at the last).
    public func terminationSteps(_ objects: Range<Int>) -> [PartStep] {
        objects.flatMap { object in (0..<self.objects[object].categories.count).map { PartStep(object: object, placed: $0 + 1) } }
    }

    /// The category index of the part a step places.
    public func category(_ step: PartStep) -> Int { categoryIndices[step.object][step.placed] }

    /// Whether the object is finished after a step.
    public func isLast(_ step: PartStep) -> Bool { step.placed == objects[step.object].categories.count }

    /// Canvases `[N, 1, 32, 32, 32]`: the voxels of the steps' placed parts.
    public func canvases(_ steps: [PartStep]) -> Tensor { grids(steps) { label, step in label != 0 && Int(label) <= step.placed } }

    /// Parts `[N, 1, 32, 32, 32]`: the voxels of the part each step places.
    public func parts(_ steps: [PartStep]) -> Tensor { grids(steps) { label, step in Int(label) == step.placed + 1 } }

    private func grids(_ steps: [PartStep], _ filled: (UInt8, PartStep) -> Bool) -> Tensor {
        var scalars = [Float](repeating: 0, count: steps.count * VoxelCanvas.count)
        for (row, step) in steps.enumerated() {
            let offset = row * VoxelCanvas.count
            for (i, label) in objects[step.object].labels.enumerated() where filled(label, step) { scalars[offset + i] = 1 }
        }
        return Tensor(shape: [steps.count, 1] + VoxelCanvas.shape, scalars: scalars)
    }
}

/// Training one object network: fixed examples (steps of the training objects), validation on held-out objects.
public struct ObjectNetworkTask<Network: ParameterContainer>: TrainingTask {
    let examples: ObjectExamples
    let training: [PartStep], validation: [PartStep]
    /// Per-example losses `[N]` of a batch of steps.
    let batchLosses: @Sendable (Network, ObjectExamples, [PartStep], inout ForwardPass) -> Tensor

    public mutating func prepare(epoch: Int) {}

    public var trainingCount: Int { training.count }

    public func loss(of network: inout Network, batch: [Int], pass: inout ForwardPass) -> Tensor {
        batchLosses(network, examples, batch.map { training[$0] }, &pass).mean()
    }

    /// Mean loss per validation example, in chunks of 32 so memory stays flat.
    public func validationLoss(of network: Network) -> Double {
        var pass = ForwardPass.evaluation, sum = 0.0
        for start in stride(from: 0, to: validation.count, by: 32) {
            sum += Double(batchLosses(network, examples, Array(validation[start..<min(start + 32, validation.count)]), &pass).sum().scalar)
        }
        return sum / Double(max(validation.count, 1))
    }

    /// Splits the objects: the last `validationObjects` validate, the rest train.
    static func split(_ examples: ObjectExamples, validationObjects: Int) -> (training: Range<Int>, validation: Range<Int>) {
        let count = examples.objects.count, cut = max(0, count - validationObjects)
        return (0..<cut, cut..<count)
    }
}

extension ObjectNetworkTask where Network == PartCategoryNetwork {
    /// The next part's category given the canvas.
    public static func category(_ examples: ObjectExamples, validationObjects: Int) -> Self {
        let (training, validation) = split(examples, validationObjects: validationObjects)
        return Self(examples: examples, training: examples.partSteps(training), validation: examples.partSteps(validation)) {
            network, examples, steps, _ in network.losses(canvases: examples.canvases(steps), targets: steps.map(examples.category))
        }
    }
}

extension ObjectNetworkTask where Network == ObjectTerminationNetwork {
    /// Whether the object is finished after the parts on the canvas.
    public static func termination(_ examples: ObjectExamples, validationObjects: Int) -> Self {
        let (training, validation) = split(examples, validationObjects: validationObjects)
        return Self(examples: examples, training: examples.terminationSteps(training), validation: examples.terminationSteps(validation)) {
            network, examples, steps, _ in network.losses(canvases: examples.canvases(steps), stops: steps.map(examples.isLast))
        }
    }
}

extension ObjectNetworkTask where Network == PartInstanceNetwork {
    /// The next part's voxels given its category and the canvas (negative ELBO).
    public static func instance(_ examples: ObjectExamples, validationObjects: Int) -> Self {
        let (training, validation) = split(examples, validationObjects: validationObjects)
        return Self(examples: examples, training: examples.partSteps(training), validation: examples.partSteps(validation)) {
            network, examples, steps, pass in
            network.losses(canvases: examples.canvases(steps), categories: steps.map(examples.category),
                           parts: examples.parts(steps), pass: &pass)
        }
    }
}
