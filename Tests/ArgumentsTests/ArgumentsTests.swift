import Testing
@testable import Arguments

@Suite struct CommandSpecParsing {
    let spec = CommandSpec(
        name: "sample",
        summary: "Sample things.",
        positionals: [PositionalSpec("FILE", help: "input", optional: true)],
        options: [.value("seed", "N", help: "seed", default: "0"), .flag("json", help: "json"), .value("alphabets", "LIST", help: "list")]
    )

    @Test func parsesValuesFlagsAndPositionals() throws {
        let parsed = try spec.parse(["in.gns", "--seed", "7", "--json", "--alphabets=Greek, Latin"])
        #expect(parsed.positional("FILE") == "in.gns")
        #expect(try parsed.int("seed") == 7)
        #expect(parsed.flag("json"))
        #expect(parsed.list("alphabets") == ["Greek", "Latin"])
    }

    @Test func aRepeatingPositionalTakesEveryRemainingValue() throws {
        let spec = CommandSpec(name: "likelihood", summary: "", positionals: [PositionalSpec("IMAGE", help: "", optional: true, repeats: true)],
                               options: [.value("seed", "N", help: "seed")])
        let parsed = try spec.parse(["a.png", "--seed", "2", "b.png", "c.png"])
        #expect(parsed.repeated == ["a.png", "b.png", "c.png"])
        #expect(parsed.positional("IMAGE") == "a.png")
        #expect(try spec.parse([]).repeated.isEmpty)
        #expect(spec.usage.hasPrefix("usage: likelihood [IMAGE...]"))
    }

    @Test func appliesDefaults() throws {
        let parsed = try spec.parse([])
        #expect(try parsed.int("seed") == 0)
        #expect(!parsed.flag("json"))
        #expect(parsed.positional("FILE") == nil)
    }

    @Test func unknownOptionSuggestsNearest() {
        #expect(throws: ArgumentError.unknownOption("--sed", suggestion: "--seed", command: "sample")) {
            try spec.parse(["--sed", "3"])
        }
    }

    @Test func missingValueAndBadInteger() throws {
        #expect(throws: ArgumentError.missingValue(option: "--seed", valueName: "N", command: "sample")) {
            try spec.parse(["--seed"])
        }
        let parsed = try spec.parse(["--seed", "x"])
        #expect(throws: ArgumentError.invalidValue(option: "--seed", value: "x", expected: "an integer", command: "sample")) {
            try parsed.int("seed")
        }
    }

    @Test func flagRejectsValueAndExtraPositionalRejected() {
        #expect(throws: ArgumentError.unexpectedValue(option: "--json", command: "sample")) { try spec.parse(["--json=1"]) }
        #expect(throws: ArgumentError.unexpectedPositional("b", command: "sample")) { try spec.parse(["a", "b"]) }
    }

}

@Suite struct ToolDispatch {
    let tool = CommandLineTool(
        name: "gns", version: "9.9", summary: "test tool",
        subcommands: [Subcommand(CommandSpec(name: "run", summary: "run it", options: [.value("seed", "N", help: "s")])) { args in
            Int32(try args.int("seed") ?? 0)
        }]
    )

    func run(_ arguments: [String]) -> (status: Int32, out: [String], err: [String]) {
        var out: [String] = [], err: [String] = []
        let status = tool.main(arguments, output: { out.append($0) }, errors: { err.append($0) })
        return (status, out, err)
    }

    @Test func versionAndHelp() {
        #expect(run(["--version"]).out == ["gns 9.9"])
        let help = run(["--help"])
        #expect(help.status == 0 && help.out[0].contains("run it"))
        #expect(run(["run", "--help"]).out[0].hasPrefix("usage: gns run"))
    }

    @Test func unknownCommandIsUsageError() {
        let result = run(["rnu"])
        #expect(result.status == 2)
        #expect(result.err[0].contains("unknown command 'rnu'; did you mean 'run'?"))
    }

    @Test func badOptionValueIsUsageErrorAndStatusPassesThrough() {
        #expect(run(["run", "--seed", "abc"]).status == 2)
        #expect(run(["run", "--seed", "5"]).status == 5)
    }
}
