/// A problem with a classification's options or results files; every case names what is at fault.
public enum ClassificationError: Error, Equatable, Sendable, CustomStringConvertible {
    /// An option's value is malformed or out of range (a usage error: the CLI exits with status 2).
    case invalidOption(option: String, value: String, reason: String)
    /// A results file line that is complete but not a trial record.
    case malformedRecord(path: String, line: Int, reason: String)
    /// A results file holds a trial this selection does not contain, or one computed another way.
    case foreignRecord(path: String, line: Int, reason: String)
    /// The same trial appears twice among the files being merged.
    case duplicateTrial(trial: String, first: String, second: String)
    /// Trials of the selection that no merged file holds.
    case missingTrials([String])
    /// The results file exists and `--resume` was not given.
    case resultsExist(path: String)
    /// A results or parse-cache file could not be read or written.
    case io(path: String, reason: String)
    /// A parse that classification cannot store or use.
    case invalidParse(String)
    /// The GNS method needs a part of the system that is not available.
    case unavailable(String)

    public var description: String {
        switch self {
        case let .invalidOption(option, value, reason): return "option '\(option)' got '\(value)': \(reason)"
        case let .malformedRecord(path, line, reason): return "\(path):\(line): not a trial record: \(reason)"
        case let .foreignRecord(path, line, reason): return "\(path):\(line): \(reason)"
        case let .duplicateTrial(trial, first, second): return "trial \(trial) appears twice: in \(first) and in \(second)"
        case let .missingTrials(trials):
            let shown = trials.prefix(5).joined(separator: ", ")
            return "\(trials.count) trial\(trials.count == 1 ? "" : "s") missing from the merged files: \(shown)"
                + (trials.count > 5 ? ", ..." : "")
        case let .resultsExist(path): return "\(path) already exists: pass --resume to continue it, or remove it"
        case let .io(path, reason): return "\(path): \(reason)"
        case let .invalidParse(reason): return reason
        case let .unavailable(reason): return reason
        }
    }

    /// Whether the error is the user's command line (exit status 2) rather than data or files (status 1).
    public var isUsageError: Bool {
        switch self {
        case .invalidOption, .resultsExist: return true
        default: return false
        }
    }
}
