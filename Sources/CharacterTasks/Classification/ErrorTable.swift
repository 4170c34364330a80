import Foundation

/// Classification error per run and overall, from trial records.
public struct ErrorTable: Sendable, Equatable {
    /// One run's count of trials and of wrong decisions.
    public struct Row: Sendable, Equatable {
        public let run: Int
        public let trials: Int
        public let errors: Int
        /// Error in percent.
        public var percent: Double { trials == 0 ? 0 : 100 * Double(errors) / Double(trials) }
    }

    /// One row per run present, by run number.
    public let rows: [Row]
    /// The methods the records used (one, unless records were mixed).
    public let methods: [ClassificationMethod]

    public init(_ records: [TrialRecord]) {
        rows = Dictionary(grouping: records, by: \.run).map { run, records in
            Row(run: run, trials: records.count, errors: records.filter { !$0.correct }.count)
        }.sorted { $0.run < $1.run }
        methods = Set(records.map(\.method)).sorted { $0.rawValue < $1.rawValue }
    }

    /// All trials.
    public var trials: Int { rows.reduce(0) { $0 + $1.trials } }
    /// All wrong decisions.
    public var errors: Int { rows.reduce(0) { $0 + $1.errors } }
    /// Overall error in percent over all trials (equal to the mean of the runs' errors when every run is complete,
    /// which is how the official demo averages).
    public var percent: Double { trials == 0 ? 0 : 100 * Double(errors) / Double(trials) }

    /// The table as text: a header, a line per run and the overall line.
    public var text: String {
        var lines = ["method \(methods.map(\.rawValue).joined(separator: "+")): \(trials) trials, \(errors) errors",
                     "  run  trials  errors   error"]
        for row in rows {
            lines.append(String(format: "  %3d  %6d  %6d  %5.1f %%", row.run, row.trials, row.errors, row.percent))
        }
        lines.append(String(format: "  all  %6d  %6d  %5.1f %%", trials, errors, percent))
        return lines.joined(separator: "\n")
    }
}
