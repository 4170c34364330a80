import Spelling

/// A declared command-line option: `--name VALUE` or, when `valueName` is nil, a
/// boolean flag `--name`.
public struct OptionSpec: Sendable {
    public let name: String
    public let valueName: String?
    public let help: String
    public let defaultValue: String?

    /// An option that takes a value, e.g. `--seed N`.
    public static func value(_ name: String, _ valueName: String, help: String, default defaultValue: String? = nil) -> OptionSpec {
        OptionSpec(name: name, valueName: valueName, help: help, defaultValue: defaultValue)
    }

    /// A boolean flag, e.g. `--json`.
    public static func flag(_ name: String, help: String) -> OptionSpec {
        OptionSpec(name: name, valueName: nil, help: help, defaultValue: nil)
    }

    public var takesValue: Bool { valueName != nil }
}

/// A declared positional argument.
public struct PositionalSpec: Sendable {
    public let name: String
    public let help: String
    public let isOptional: Bool
    /// Whether it takes every remaining positional value (only the last positional may).
    public let repeats: Bool

    public init(_ name: String, help: String, optional: Bool = false, repeats: Bool = false) {
        self.name = name
        self.help = help
        self.isOptional = optional
        self.repeats = repeats
    }
}

/// What a (sub)command accepts, used both to parse and to print help.
public struct CommandSpec: Sendable {
    public let name: String
    public let summary: String
    public let positionals: [PositionalSpec]
    public let options: [OptionSpec]

    public init(name: String, summary: String, positionals: [PositionalSpec] = [], options: [OptionSpec] = []) {
        self.name = name
        self.summary = summary
        self.positionals = positionals
        self.options = options + [.flag("help", help: "Show this help.")]
    }

    /// Multi-line usage text: synopsis, positionals, options with defaults.
    public var usage: String {
        var synopsis = "usage: \(name)"
        for p in positionals {
            let name = p.name + (p.repeats ? "..." : "")
            synopsis += p.isOptional ? " [\(name)]" : " \(name)"
        }
        if !options.isEmpty { synopsis += " [options]" }
        var lines = [synopsis, "", summary]
        if !positionals.isEmpty {
            lines.append("")
            lines.append("arguments:")
            for p in positionals { lines.append(Self.row(p.name, p.help)) }
        }
        lines.append("")
        lines.append("options:")
        for o in options {
            let left = "--\(o.name)" + (o.valueName.map { " \($0)" } ?? "")
            let help = o.help + (o.defaultValue.map { " (default: \($0))" } ?? "")
            lines.append(Self.row(left, help))
        }
        return lines.joined(separator: "\n")
    }

    static func row(_ left: String, _ right: String) -> String {
        let pad = max(1, 24 - left.count)
        return "  " + left + String(repeating: " ", count: pad) + right
    }

    /// Parses `arguments` (without the command name itself) against this spec.
    public func parse(_ arguments: [String]) throws(ArgumentError) -> ParsedArguments {
        var values: [String: String] = [:]
        var flags: Set<String> = []
        var positionalValues: [String] = []
        var index = 0
        var onlyPositionals = false
        while index < arguments.count {
            let argument = arguments[index]
            index += 1
            if onlyPositionals || !argument.hasPrefix("-") || argument == "-" {
                positionalValues.append(argument)
                continue
            }
            if argument == "--" { onlyPositionals = true; continue }
            if argument == "-h" { flags.insert("help"); continue }
            guard argument.hasPrefix("--") else {
                throw .unknownOption(argument, suggestion: nil, command: name)
            }
            var key = String(argument.dropFirst(2))
            var inlineValue: String?
            if let equals = key.firstIndex(of: "=") {
                inlineValue = String(key[key.index(after: equals)...])
                key = String(key[..<equals])
            }
            guard let option = options.first(where: { $0.name == key }) else {
                throw .unknownOption("--" + key, suggestion: nearest(key, in: options.map(\.name)).map { "--" + $0 }, command: name)
            }
            if option.takesValue {
                if let inlineValue {
                    values[key] = inlineValue
                } else if index < arguments.count {
                    values[key] = arguments[index]
                    index += 1
                } else {
                    throw .missingValue(option: "--" + key, valueName: option.valueName ?? "VALUE", command: name)
                }
            } else {
                if inlineValue != nil { throw .unexpectedValue(option: "--" + key, command: name) }
                flags.insert(key)
            }
        }
        if !flags.contains("help") {
            let required = positionals.filter { !$0.isOptional }.count
            if positionalValues.count < required {
                throw .missingPositional(positionals[positionalValues.count].name, command: name)
            }
            if positionalValues.count > positionals.count, !(positionals.last?.repeats ?? false) {
                throw .unexpectedPositional(positionalValues[positionals.count], command: name)
            }
        }
        var named: [String: String] = [:]
        for (spec, value) in zip(positionals, positionalValues) { named[spec.name] = value }
        let given = Set(values.keys).union(flags)
        for option in options where option.takesValue && values[option.name] == nil {
            if let fallback = option.defaultValue { values[option.name] = fallback }
        }
        let repeated = positionals.last?.repeats == true ? Array(positionalValues.dropFirst(positionals.count - 1)) : []
        return ParsedArguments(command: name, positionals: named, values: values, flags: flags, given: given, repeated: repeated)
    }
}

/// The result of parsing: typed accessors that report a bad value clearly.
public struct ParsedArguments: Sendable {
    public let command: String
    public let positionals: [String: String]
    public let values: [String: String]
    public let flags: Set<String>
    /// The options and flags written on the command line (not filled in from defaults).
    public let given: Set<String>
    /// Every value of the repeating last positional (empty when the command has none or none was given).
    public let repeated: [String]

    /// Parsed arguments; `given` defaults to every value and flag present.
    public init(command: String, positionals: [String: String], values: [String: String], flags: Set<String>,
                given: Set<String>? = nil, repeated: [String] = []) {
        self.command = command
        self.positionals = positionals
        self.values = values
        self.flags = flags
        self.given = given ?? Set(values.keys).union(flags)
        self.repeated = repeated
    }

    public var wantsHelp: Bool { flags.contains("help") }

    /// Whether option or flag `name` was written on the command line rather than taken from its default.
    public func isGiven(_ name: String) -> Bool { given.contains(name) }

    public func flag(_ name: String) -> Bool { flags.contains(name) }

    public func positional(_ name: String) -> String? { positionals[name] }

    public func string(_ name: String) -> String? { values[name] }

    public func int(_ name: String) throws(ArgumentError) -> Int? {
        guard let text = values[name] else { return nil }
        guard let value = Int(text) else { throw .invalidValue(option: "--" + name, value: text, expected: "an integer", command: command) }
        return value
    }

    public func double(_ name: String) throws(ArgumentError) -> Double? {
        guard let text = values[name] else { return nil }
        guard let value = Double(text), value.isFinite else { throw .invalidValue(option: "--" + name, value: text, expected: "a finite number", command: command) }
        return value
    }

    /// An integer of at least `minimum` ("a positive integer" for 1, "a non-negative integer" for 0).
    public func int(_ name: String, atLeast minimum: Int) throws(ArgumentError) -> Int? {
        let expected = minimum == 1 ? "a positive integer" : minimum == 0 ? "a non-negative integer" : "an integer of at least \(minimum)"
        guard let text = values[name] else { return nil }
        guard let value = Int(text), value >= minimum else { throw .invalidValue(option: "--" + name, value: text, expected: expected, command: command) }
        return value
    }

    /// A finite number greater than zero.
    public func positiveDouble(_ name: String) throws(ArgumentError) -> Double? {
        guard let text = values[name] else { return nil }
        guard let value = Double(text), value.isFinite, value > 0 else {
            throw .invalidValue(option: "--" + name, value: text, expected: "a positive finite number", command: command)
        }
        return value
    }

    /// A comma-separated list, e.g. `--alphabets Greek,Latin`.
    public func list(_ name: String) -> [String]? {
        values[name].map { $0.split(separator: ",").map { String($0).trimmingWhitespace() }.filter { !$0.isEmpty } }
    }
}

/// A usage error: the tools print its description and exit with status 2.
public enum ArgumentError: Error, Equatable, CustomStringConvertible {
    case unknownOption(String, suggestion: String?, command: String)
    case missingValue(option: String, valueName: String, command: String)
    case unexpectedValue(option: String, command: String)
    case invalidValue(option: String, value: String, expected: String, command: String)
    case missingPositional(String, command: String)
    case unexpectedPositional(String, command: String)
    case unknownCommand(String, suggestion: String?)

    public var description: String {
        switch self {
        case let .unknownOption(option, suggestion, command):
            return "\(command): unknown option '\(option)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? "")
        case let .missingValue(option, valueName, command):
            return "\(command): option '\(option)' needs a value (\(valueName))"
        case let .unexpectedValue(option, command):
            return "\(command): option '\(option)' is a flag and takes no value"
        case let .invalidValue(option, value, expected, command):
            return "\(command): option '\(option)' expects \(expected), got '\(value)'"
        case let .missingPositional(name, command):
            return "\(command): missing argument \(name)"
        case let .unexpectedPositional(value, command):
            return "\(command): unexpected argument '\(value)'"
        case let .unknownCommand(name, suggestion):
            return "gns: unknown command '\(name)'" + (suggestion.map { "; did you mean '\($0)'?" } ?? "") + " (see 'gns --help')"
        }
    }
}

extension String {
    func trimmingWhitespace() -> String {
        var scalars = Substring(self)
        while let first = scalars.first, first.isWhitespace { scalars = scalars.dropFirst() }
        while let last = scalars.last, last.isWhitespace { scalars = scalars.dropLast() }
        return String(scalars)
    }
}
