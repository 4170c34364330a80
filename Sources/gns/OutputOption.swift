import Arguments
import Files

extension Commands {
    /// Checks `--out` (or another output path) before a command's long work, under `OutputFile`'s policy
    /// (links followed, devices and FIFOs written through, no directory created): a path that cannot be
    /// written is a usage error naming it.
    static func checkOutput(_ path: String, option: String = "out", command: String) throws(ArgumentError) {
        do {
            try OutputFile.prepare(path)
        } catch {
            throw .invalidValue(option: "--" + option, value: path, expected: "a writable path (\(error.problem))", command: command)
        }
    }
}
