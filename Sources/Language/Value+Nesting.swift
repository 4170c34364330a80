extension Value {
    /// The deepest nesting of lists, records and distributions (which hold their parameters) a value may have.
    ///
    /// Walks over a value (`==`, printing, detaching, `tensor`, and Swift freeing it) recurse once per
    /// level, so a value nested 200 000 deep would overflow any native stack. The interpreter refuses to
    /// build such a value instead, with an error where it is built: list and record literals, assignments
    /// into elements and fields, and every builtin's result. 256 levels are far more than any model needs
    /// (a character is a list of strokes of points of coordinates: 3) and every walk at this depth fits in
    /// a 512 KiB thread stack with room to spare (`NestingTests`).
    public static let maximumNesting = 256

    /// Whether this value, put inside `levels` more lists or records, is nested at most `maximumNesting` deep.
    func fitsNesting(inside levels: Int) -> Bool {
        var verified: [UnsafeRawPointer: Int] = [:]
        return fits(within: Self.maximumNesting - levels, verified: &verified)
    }

    /// Throws the nesting error at `location` unless this value, put inside `levels` more lists or records,
    /// is nested at most `maximumNesting` deep.
    func checkNesting(inside levels: Int, at location: SourceSpan) throws {
        guard fitsNesting(inside: levels) else {
            throw RuntimeError("value nested deeper than \(Self.maximumNesting) levels (lists, records and distributions inside each other)",
                               at: location)
        }
    }

    /// Whether this value's nesting depth is at most `budget`; recursion is bounded by `budget`, not by the value.
    ///
    /// Values share storage (`x = [x, x]` holds one array twice), so a tree walk could take exponential time;
    /// `verified` remembers, per array storage, the smallest budget it was found to fit in, and each storage
    /// is walked again only under a smaller budget. The root keeps every storage alive, so addresses are stable.
    private func fits(within budget: Int, verified: inout [UnsafeRawPointer: Int]) -> Bool {
        func each(_ values: [Value]) -> Bool {
            guard budget > 0 else { return false }
            // Most lists hold only numbers, strings and the like: nothing to remember.
            guard values.contains(where: \.isContainer) else { return true }
            let storage = values.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress!) }
            if let known = verified[storage], known <= budget { return true }
            for value in values where !value.fits(within: budget - 1, verified: &verified) { return false }
            verified[storage] = budget
            return true
        }
        switch self {
        case let .list(items): return each(items)
        case let .record(record): return each(record.values)
        case let .distribution(distribution): return each(distribution.parameters)
        default: return budget >= 0
        }
    }

    /// Whether this value holds other values that count towards nesting.
    private var isContainer: Bool {
        switch self {
        case .list, .record, .distribution: return true
        default: return false
        }
    }
}
