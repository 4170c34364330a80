// swift-tools-version:6.0
// GNS: a probabilistic programming language for the Generative Neuro-Symbolic
// model of handwritten characters. No package dependencies by design: every
// module below is written here, and depends only on modules listed above it.
import PackageDescription

/// Existential types are spelled `any P` everywhere, so their cost is visible.
let strict: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")]

/// The kernels (and the tensor and network code whose loops the compiler vectorises) compile for AVX2 + FMA on x86-64
/// (every x86-64 CPU since Intel Haswell, 2013, and AMD Excavator, 2015): the baseline ISA has no fused multiply-add
/// and half the vector width, which costs the gemm micro-kernel 2-3x. Other architectures (arm64) have FMA in
/// their baseline.
///
/// AVX-512 was measured and left out (Benchmarks/RESULTS.md, session 4): twice the multiply-add peak, but on these
/// networks' short products no faster end to end, and a binary that would not run on AVX2-only machines.
#if arch(x86_64)
let kernelCodegen: [SwiftSetting] = [.unsafeFlags(["-target-cpu", "haswell"])]
#else
let kernelCodegen: [SwiftSetting] = []
#endif

let package = Package(
    name: "GNS",
    platforms: [.macOS(.v14)],
    products: [
        .executable(name: "gns", targets: ["gns"]),
        .executable(name: "gns-bench", targets: ["gns-bench"]),
    ],
    targets: [
        // Layer 0: numbers.
        .target(name: "Random", swiftSettings: strict),
        .target(name: "Kernels", swiftSettings: strict + kernelCodegen),
        .target(name: "Tensors", dependencies: ["Kernels", "Random", "Files"], swiftSettings: strict + kernelCodegen),
        // Layer 0': bytes on disk.
        .target(name: "Files", swiftSettings: strict),
        .target(name: "Compression", swiftSettings: strict),
        // "Did you mean": one edit distance and one suggestion rule for every error message.
        .target(name: "Spelling", swiftSettings: strict),
        .target(name: "Images", dependencies: ["Compression", "Files"], swiftSettings: strict),
        // Layer 1: networks and the symbolic renderer.
        .target(name: "Neural", dependencies: ["Kernels", "Tensors", "Random"], swiftSettings: strict + kernelCodegen),
        .target(name: "Render", dependencies: ["Tensors", "Kernels"], swiftSettings: strict + kernelCodegen),
        // Layer 2: the language and its inference engine.
        .target(name: "Distributions", dependencies: ["Kernels", "Random", "Tensors"], swiftSettings: strict),
        .target(name: "Language", dependencies: ["Distributions", "Tensors", "Random", "Files", "Spelling"], swiftSettings: strict),
        .target(name: "Inference", dependencies: ["Kernels", "Language", "Distributions", "Tensors", "Random", "Spelling"], swiftSettings: strict),
        .target(name: "Repl", dependencies: ["Language", "Inference", "Random", "Spelling"], swiftSettings: strict),
        // Layer 3: Omniglot data.
        .target(name: "OmniglotData", dependencies: ["Compression", "Images", "Render"], swiftSettings: strict),
        // Layer 3: a domain is a pattern: its programs (Programs/<domain>/), a model module (the builtins the
        // programs call), a training module and a tasks module (what users do with the model, by inference).
        .target(name: "CharacterModel", dependencies: ["Kernels", "Random", "Tensors", "Images", "Neural", "Render", "Distributions", "Language", "Inference"], resources: [.copy("Weights")], swiftSettings: strict),
        .target(name: "CharacterTraining", dependencies: ["CharacterModel", "Kernels", "Random", "Tensors", "Neural", "Render", "OmniglotData"], swiftSettings: strict),
        .target(name: "CharacterTasks", dependencies: ["CharacterModel", "Kernels", "Random", "Tensors", "Images", "Neural", "Render", "Distributions", "Language", "Inference", "OmniglotData"], swiftSettings: strict),
        .target(name: "ObjectModel", dependencies: ["Language", "Inference", "Tensors", "Neural", "ObjectNetworks", "Random"], resources: [.copy("Weights")], swiftSettings: strict),
        .target(name: "ObjectNetworks", dependencies: ["Neural", "Tensors", "Random"], swiftSettings: strict + kernelCodegen),
        .target(name: "ObjectTraining", dependencies: ["ObjectModel", "ObjectNetworks", "Neural", "Tensors", "Compression", "Inference", "Language", "Kernels", "Random"], swiftSettings: strict),
        .target(name: "ObjectTasks", dependencies: ["ObjectModel", "Images", "Inference", "Kernels", "Language", "Random"], swiftSettings: strict),
        // Teaching pages (the one-shot game, the visual Turing test): clients of the character tasks.
        .target(name: "Teaching", dependencies: ["CharacterModel", "CharacterTasks", "Images", "Inference", "Language", "OmniglotData", "Random", "Render"], swiftSettings: strict),
        // Layer 4: command-line front ends (thin).
        .target(name: "Arguments", dependencies: ["Spelling"], swiftSettings: strict),
        .executableTarget(name: "gns", dependencies: ["Arguments", "Spelling", "Repl", "Teaching", "Random", "Kernels", "Tensors", "Compression", "Images", "Neural", "Render", "Distributions", "Language", "Inference", "OmniglotData", "CharacterModel", "CharacterTraining", "CharacterTasks", "ObjectModel", "ObjectNetworks", "ObjectTraining", "ObjectTasks"], swiftSettings: strict),
        .executableTarget(name: "gns-bench", dependencies: ["Arguments", "Random", "Kernels", "Tensors", "Compression", "Images", "Neural", "Render", "Distributions", "Language", "Inference", "OmniglotData", "CharacterModel", "CharacterTraining", "CharacterTasks"], swiftSettings: strict),

        .testTarget(name: "RandomTests", dependencies: ["Random"]),
        .testTarget(name: "FilesTests", dependencies: ["Files"]),
        .testTarget(name: "KernelsTests", dependencies: ["Kernels", "Random"]),
        .testTarget(name: "TensorsTests", dependencies: ["Tensors", "Random"], resources: [.copy("Fixtures")]),
        .testTarget(name: "CompressionTests", dependencies: ["Compression", "Random"]),
        .testTarget(name: "ImagesTests", dependencies: ["Images", "Compression", "Random"], resources: [.copy("Fixtures")]),
        .testTarget(name: "RenderTests", dependencies: ["Render", "Tensors"]),
        .testTarget(name: "DistributionsTests", dependencies: ["Distributions", "Random", "Tensors"]),
        .testTarget(name: "LanguageTests", dependencies: ["Language", "Distributions", "Tensors"]),
        .testTarget(name: "InferenceTests", dependencies: ["Inference", "Language", "Distributions", "Random"]),
        .testTarget(name: "OmniglotDataTests", dependencies: ["OmniglotData", "Render", "Images", "Compression"]),
        .testTarget(name: "NeuralTests", dependencies: ["Neural", "Distributions", "Tensors", "Random"]),
        .testTarget(name: "ArgumentsTests", dependencies: ["Arguments"]),
        // Runs the built gns and gns-bench as a user would.
        .testTarget(name: "CommandLineTests", dependencies: ["gns", "gns-bench", "Neural", "Tensors", "Random", "ObjectModel"]),
        .testTarget(name: "SpellingTests", dependencies: ["Spelling"]),
        .testTarget(name: "ReplTests", dependencies: ["Repl", "Language", "Inference"]),
        .testTarget(name: "CourseTests", dependencies: ["CharacterModel", "Inference", "Language", "Random"]),
        .testTarget(name: "TeachingTests", dependencies: ["Teaching", "CharacterModel", "CharacterTasks", "Images", "OmniglotData", "Render"]),
        .testTarget(name: "CharacterModelTests", dependencies: ["CharacterModel", "CharacterTraining", "CharacterTasks", "Inference", "Language", "Render", "Distributions", "Random", "Tensors", "OmniglotData"]),
        .testTarget(name: "CharacterTrainingTests", dependencies: ["CharacterTraining", "CharacterModel", "Random", "Tensors", "OmniglotData"]),
        .testTarget(name: "ObjectModelTests", dependencies: ["ObjectModel", "ObjectNetworks", "Neural", "Inference", "Language", "Random", "Tensors"]),
        .testTarget(name: "ObjectNetworksTests", dependencies: ["ObjectNetworks", "Neural", "Tensors", "Random"]),
        .testTarget(name: "ObjectTrainingTests", dependencies: ["ObjectTraining", "ObjectModel", "ObjectNetworks", "Neural", "Tensors"]),
        .testTarget(name: "ObjectTasksTests", dependencies: ["ObjectTasks", "ObjectModel", "ObjectNetworks", "Images", "Inference", "Language", "Random", "Tensors"]),
        .testTarget(name: "CharacterTasksTests", dependencies: ["CharacterTasks", "CharacterModel", "Images", "Render", "Random", "OmniglotData", "Inference", "Language", "Tensors"]),
    ]
)
