import Arguments

/// Every `gns` subcommand, in the order `gns --help` lists them.
enum Commands {
    static let all: [Subcommand] = [SampleCommand.sample, train, nll, RunCommand.run, RunCommand.check, data, render, trace, parse, exemplars,
                                    likelihood, parseAgreement, ClassifyCommand.classify, ObjectsCommand.objects, repl, quiz, turing]

    /// The mean of `values` for a report's summary line (NaN when there are none).
    static func mean(_ values: [Double]) -> Double { values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count) }

    /// `--data DIR`, shared by every command that reads Omniglot (resolved by `OmniglotDirectory`); `context`
    /// prefixes the help when the option only matters with another one.
    static func dataOption(context: String = "") -> OptionSpec {
        .value("data", "DIR", help: context + "Omniglot directory (zips or folders); default $GNS_DATA, else ../shared/omniglot.")
    }
}
