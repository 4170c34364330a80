import Arguments
import Kernels

Allocator.keepFreedMemoryForReuse()

/// `gns`: the command-line front end. Thin by design: each subcommand parses its
/// arguments, calls into the library modules and prints.
let tool = CommandLineTool(
    name: "gns",
    version: GNSVersion.string,
    summary: "GNS: a probabilistic programming language for the Generative Neuro-Symbolic model of handwritten characters.",
    subcommands: Commands.all
)
tool.runAndExit()
