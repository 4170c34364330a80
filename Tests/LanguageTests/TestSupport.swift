import Foundation
import Random
@testable import Language

/// Collects what a program prints.
final class PrintedLines: @unchecked Sendable {
    private let lock = NSLock()
    private var storage: [String] = []
    var lines: [String] { lock.withLock { storage } }
    func append(_ line: String) { lock.withLock { storage.append(line) } }
}

/// Runs `source` (named `t.gns`) and returns its printed lines; throws its ProgramError.
func output(of source: String, seed: UInt64 = 1, limits: Interpreter.Limits = Interpreter.Limits(),
            fileName: String = "t.gns") throws -> [String] {
    let printed = PrintedLines()
    let program = try Program(source: source, fileName: fileName)
    let interpreter = Interpreter(program: program, limits: limits, output: printed.append)
    var generator = SeededGenerator(seed: seed)
    try interpreter.run(mode: UntracedMode(), generator: &generator)
    return printed.lines
}

/// The rendered error of running `source`, or nil when it ran cleanly.
func failure(of source: String, limits: Interpreter.Limits = Interpreter.Limits(), fileName: String = "t.gns") -> String? {
    do {
        _ = try output(of: source, limits: limits, fileName: fileName)
        return nil
    } catch {
        return "\(error)"
    }
}

/// The first line of the error: `file:line:col: error: message`.
func firstLine(ofFailure source: String, limits: Interpreter.Limits = Interpreter.Limits()) -> String? {
    failure(of: source, limits: limits).map { String($0.split(separator: "\n", omittingEmptySubsequences: false)[0]) }
}
