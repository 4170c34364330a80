// swift-tools-version:6.0
// GNS: a probabilistic programming language for the Generative Neuro-Symbolic
// model of handwritten characters. No package dependencies by design: every
// module below is written here, and depends only on modules listed above it.
import Foundation
import PackageDescription

/// Existential types are spelled `any P` everywhere, so their cost is visible.
let strict: [SwiftSetting] = [.enableUpcomingFeature("ExistentialAny")]

/// The kernels (and the tensor and network code whose loops the compiler vectorises) compile for the vector unit of
/// the machine that builds them, as `-march=native` would: the x86-64 baseline has no fused multiply-add and a
/// quarter of the vector width, which costs the gemm micro-kernel 2-3x.
/// - AVX2 + FMA (every x86-64 CPU since Intel Haswell, 2013, and AMD Excavator, 2015) is the floor.
/// - With AVX-512 (Intel Skylake-SP and later servers, AMD Zen 4) the register tiles double their width and
///   `GNS_AVX512` selects them: twice the multiply-adds per instruction and 32 vector registers instead of 16.
/// The binary therefore runs on the machine that built it and its kind; set `GNS_PORTABLE=1` when building to
/// get the AVX2 floor instead. Other architectures (arm64) have FMA in their baseline.
#if arch(x86_64)
let hostCPUFlags = (try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8))?
    .split(separator: "\n").first { $0.hasPrefix("flags") }?.split(separator: " ").map(String.init) ?? []
let buildsForAVX512 = hostCPUFlags.contains("avx512f") && hostCPUFlags.contains("avx512vl")
    && ProcessInfo.processInfo.environment["GNS_PORTABLE"] == nil
let kernelCodegen: [SwiftSetting] = buildsForAVX512
    ? [.unsafeFlags(["-target-cpu", "skylake-avx512"]), .define("GNS_AVX512")]
    : [.unsafeFlags(["-target-cpu", "haswell"])]
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
        .target(name: "Tensors", dependencies: ["Kernels", "Random"], swiftSettings: strict + kernelCodegen),
        // Layer 0': bytes on disk.
        .target(name: "Compression", swiftSettings: strict),
        .target(name: "Images", dependencies: ["Compression"], swiftSettings: strict),
        // Layer 1: networks and the symbolic renderer.
        .target(name: "Neural", dependencies: ["Kernels", "Tensors", "Random"], swiftSettings: strict + kernelCodegen),
        .target(name: "Render", dependencies: ["Tensors", "Kernels"], swiftSettings: strict + kernelCodegen),
        // Layer 2: the language and its inference engine.
        .target(name: "Distributions", dependencies: ["Random", "Tensors"], swiftSettings: strict),
        .target(name: "Language", dependencies: ["Distributions", "Tensors", "Random"], swiftSettings: strict),
        .target(name: "Inference", dependencies: ["Kernels", "Language", "Distributions", "Tensors", "Random"], swiftSettings: strict),
        // Layer 3: Omniglot data, the GNS model's builtins and the paper's tasks.
        .target(name: "OmniglotData", dependencies: ["Compression", "Images", "Render"], swiftSettings: strict),
        .target(name: "CharacterModel", dependencies: ["Kernels", "Random", "Tensors", "Images", "Neural", "Render", "Distributions", "Language", "Inference", "OmniglotData"], resources: [.copy("Weights")], swiftSettings: strict),
        // Layer 4: command-line front ends (thin).
        .target(name: "Arguments", swiftSettings: strict),
        .executableTarget(name: "gns", dependencies: ["Arguments", "Random", "Kernels", "Tensors", "Compression", "Images", "Neural", "Render", "Distributions", "Language", "Inference", "OmniglotData", "CharacterModel"], swiftSettings: strict),
        .executableTarget(name: "gns-bench", dependencies: ["Arguments", "Random", "Kernels", "Tensors", "Compression", "Images", "Neural", "Render", "Distributions", "Language", "Inference", "OmniglotData", "CharacterModel"], swiftSettings: strict),

        .testTarget(name: "RandomTests", dependencies: ["Random"]),
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
        .testTarget(name: "CharacterModelTests", dependencies: ["CharacterModel", "Inference", "Language", "Render", "Distributions", "Random", "Tensors"]),
    ]
)
