/// Why a distribution could not be built or could not evaluate a value.
public enum DistributionError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A parameter violates its requirement, e.g. a negative standard deviation.
    case invalidParameter(distribution: String, parameter: String, value: String, requirement: String)
    /// A vector-valued argument has the wrong number of entries.
    case wrongLength(distribution: String, argument: String, expected: Int, actual: Int)

    /// A one-line message naming the distribution, the argument and the problem.
    public var description: String {
        switch self {
        case let .invalidParameter(distribution, parameter, value, requirement):
            "\(distribution): parameter \(parameter) = \(value) \(requirement)"
        case let .wrongLength(distribution, argument, expected, actual):
            "\(distribution): \(argument) has \(actual) entries, expected \(expected)"
        }
    }
}

/// Parameter checks shared by the initialisers, so every message has the same form.
struct ParameterCheck {
    /// The distribution's name as the language spells it (`normal`, `gmm2`...).
    let distribution: String

    func invalid(_ parameter: String, _ value: some CustomStringConvertible, _ requirement: String) -> DistributionError {
        .invalidParameter(distribution: distribution, parameter: parameter, value: value.description, requirement: requirement)
    }

    func finite(_ value: Double, _ parameter: String) throws(DistributionError) {
        guard value.isFinite else { throw invalid(parameter, value, "must be finite") }
    }

    func positive(_ value: Double, _ parameter: String) throws(DistributionError) {
        guard value > 0, value.isFinite else { throw invalid(parameter, value, "must be positive and finite") }
    }

    func notNaN(_ value: Double, _ parameter: String) throws(DistributionError) {
        guard !value.isNaN else { throw invalid(parameter, value, "must be a number (not NaN)") }
    }

    func count(_ value: Int, _ parameter: String) throws(DistributionError) {
        guard value >= 0 else { throw invalid(parameter, value, "must be a non-negative integer") }
    }

    func probability(_ value: Double, _ parameter: String) throws(DistributionError) {
        guard value >= 0, value <= 1 else { throw invalid(parameter, value, "must lie in [0, 1]") }
    }

    func correlation(_ value: Double, _ parameter: String) throws(DistributionError) {
        guard value > -1, value < 1 else { throw invalid(parameter, value, "must lie strictly between -1 and 1") }
    }

    func length(_ actual: Int, _ expected: Int, _ argument: String) throws(DistributionError) {
        guard actual == expected else {
            throw .wrongLength(distribution: distribution, argument: argument, expected: expected, actual: actual)
        }
    }

    func nonEmpty(_ count: Int, _ argument: String) throws(DistributionError) {
        guard count > 0 else { throw invalid(argument, "[]", "must have at least one entry") }
    }

    /// Checks that `weights` are non-negative and sum to 1 within ``weightSumTolerance``.
    func weights(_ weights: [Double], _ argument: String) throws(DistributionError) {
        try nonEmpty(weights.count, argument)
        for (index, weight) in weights.enumerated() where !(weight >= 0 && weight.isFinite) {
            throw invalid("\(argument)[\(index)]", weight, "must be non-negative and finite")
        }
        let total = weights.reduce(0, +)
        guard abs(total - 1) <= weightSumTolerance else {
            throw invalid(argument, "\(weights) (sum \(total))", "must sum to 1 within \(weightSumTolerance)")
        }
    }

    func finite(_ values: [Double], _ argument: String) throws(DistributionError) {
        for (index, value) in values.enumerated() { try finite(value, "\(argument)[\(index)]") }
    }

    func positive(_ values: [Double], _ argument: String) throws(DistributionError) {
        for (index, value) in values.enumerated() { try positive(value, "\(argument)[\(index)]") }
    }
}

/// How far from 1 a vector of probabilities may sum (rounding in the caller's arithmetic).
public let weightSumTolerance = 1e-6
