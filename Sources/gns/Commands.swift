import Arguments

/// Every `gns` subcommand, in the order `gns --help` lists them.
enum Commands {
    static let all: [Subcommand] = [SampleCommand.sample, train, nll, RunCommand.run, RunCommand.check, data, render, trace]
}
