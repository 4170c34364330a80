import Foundation
import Testing

/// A fixed-seed slice of `gns-bench fuzz` (the long run is `gns-bench fuzz --count 10000`): mutants of the
/// checkout's programs and examples must all end with status 0, 1 or 2, and a message when not 0.
@Suite struct FuzzSliceTests {
    @Test func mutantsEndCleanly() throws {
        let outcome = try Tool.run(["fuzz", "--count", "24", "--seed", "7", "--jobs", "2", "--timeout", "60"], executable: "gns-bench", timeout: 600)
        #expect(outcome.status == 0, "\(outcome)")
        #expect(outcome.output.contains("fuzz: 24 mutants in"), "\(outcome)")
        #expect(outcome.output.contains("0 signals, 0 timeouts, 0 other findings"), "\(outcome)")
        // Both the clean-error path and the success path were exercised.
        #expect(outcome.output.contains("gns check: ") && outcome.output.contains("exit 1: "), "\(outcome)")
    }
}
