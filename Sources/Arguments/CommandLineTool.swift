#if canImport(Glibc)
@preconcurrency import Glibc
#elseif canImport(Darwin)
@preconcurrency import Darwin
#endif
import Spelling

/// A subcommand of a tool: its spec and what it does once its arguments parse.
/// `run` returns the process exit status; errors it throws are program errors (status 1).
public struct Subcommand: Sendable {
    public let spec: CommandSpec
    public let run: @Sendable (ParsedArguments) throws -> Int32

    public init(_ spec: CommandSpec, run: @escaping @Sendable (ParsedArguments) throws -> Int32) {
        self.spec = spec
        self.run = run
    }
}

/// A tool with subcommands (`gns run`, `gns sample`, ...). Exit statuses follow one
/// rule everywhere: 0 success, 1 program or data error, 2 usage error.
public struct CommandLineTool: Sendable {
    public let name: String
    public let version: String
    public let summary: String
    public let subcommands: [Subcommand]

    public init(name: String, version: String, summary: String, subcommands: [Subcommand]) {
        self.name = name
        self.version = version
        self.summary = summary
        self.subcommands = subcommands
    }

    public var usage: String {
        var lines = ["usage: \(name) <command> [options]", "", summary, "", "commands:"]
        for command in subcommands { lines.append(CommandSpec.row(command.spec.name, command.spec.summary)) }
        lines.append("")
        lines.append("Run '\(name) <command> --help' for a command's options. '\(name) --version' prints the version.")
        return lines.joined(separator: "\n")
    }

    /// Runs the tool on `arguments` (without the executable name) and returns the exit status.
    /// Output goes to `output`, diagnostics to `errors`, so tests can capture both.
    public func main(_ arguments: [String], output: (String) -> Void = { print($0) }, errors: (String) -> Void = standardError) -> Int32 {
        guard let first = arguments.first else {
            errors(usage)
            return 2
        }
        switch first {
        case "--help", "-h", "help":
            output(usage)
            return 0
        case "--version":
            output("\(name) \(version)")
            return 0
        default:
            break
        }
        guard let command = subcommands.first(where: { $0.spec.name == first }) else {
            errors(ArgumentError.unknownCommand(first, suggestion: nearest(first, in: subcommands.map(\.spec.name))).description)
            return 2
        }
        let parsed: ParsedArguments
        do {
            parsed = try command.spec.parse(Array(arguments.dropFirst()))
        } catch {
            errors(error.description)
            errors("Run '\(name) \(first) --help' for usage.")
            return 2
        }
        if parsed.wantsHelp {
            output("usage: \(name) " + command.spec.usage.dropFirst("usage: ".count))
            return 0
        }
        do {
            return try command.run(parsed)
        } catch let error as ArgumentError {
            errors(error.description)
            return 2
        } catch {
            errors("\(name) \(first): error: \(error)")
            return 1
        }
    }

    /// Runs the tool on the process's arguments and exits with its status. Standard output is line-buffered, so
    /// what a command printed survives a crash or a kill; a write to it that failed (a full disk, `/dev/full`)
    /// turns a success into status 1.
    public func runAndExit() -> Never {
        setvbuf(stdout, nil, _IOLBF, 0)
        var status = main(Array(CommandLine.arguments.dropFirst()))
        let flushed = fflush(stdout) == 0
        if !flushed || ferror(stdout) != 0 {
            let reason = flushed ? "a write failed" : String(cString: strerror(errno))
            standardError("\(name): cannot write standard output: \(reason)")
            if status == 0 { status = 1 }
        }
        exit(status)
    }
}
