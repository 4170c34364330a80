import Arguments
import Kernels

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

Allocator.keepFreedMemoryForReuse()

/// `gns-bench`: release-mode benchmarks whose numbers go into Benchmarks/RESULTS.md.
let tool = CommandLineTool(
    name: "gns-bench",
    version: "0.1.0",
    summary: "Benchmarks of GNS's kernels, renderer, language and networks (build with -c release).",
    subcommands: [
        TensorBench.subcommand,
        RenderBench.command,
        InferenceBench.command,
        NetworkBench.command,
        OrderSearchBench.command,
    ]
)
exit(tool.main(Array(CommandLine.arguments.dropFirst())))
