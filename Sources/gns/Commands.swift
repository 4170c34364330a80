import Arguments

/// Every `gns` subcommand, in the order `gns --help` lists them.
enum Commands {
    static let all: [Subcommand] = [sample, train, nll, RunCommand.run, RunCommand.check, data, trace]

    static let sample = Subcommand(
        CommandSpec(
            name: "sample",
            summary: "Sample new character concepts into a PNG grid.",
            options: [
                .value("count", "N", help: "Number of characters.", default: "36"),
                .value("seed", "N", help: "Random seed.", default: "0"),
                .value("out", "FILE", help: "Output PNG.", default: "concepts.png"),
            ]
        )
    ) { _ in
        standardError("gns sample: the character model is not built yet (the GNS type prior lands with issue 5); nothing was written.")
        return 1
    }
}
