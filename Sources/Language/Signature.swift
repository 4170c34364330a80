import Spelling

/// A function's parameters, and how a call's arguments map onto them. Used at run time for
/// every call that is not a plain positional match, and by the resolver to check calls of
/// builtins and `def`s before the program runs, with the same messages.
struct Signature {
    /// Where parameter `i` gets its value from.
    enum Source: Equatable {
        /// The `i`-th positional argument.
        case positional(Int)
        /// The positional arguments from `i` on, as a list (a variadic builtin's last parameter).
        case rest(Int)
        /// The `i`-th keyword argument.
        case keyword(Int)
        /// Not given: the parameter's default.
        case missing
    }

    /// A mismatch between a call and the signature; `keyword` or `positional` says which argument to point at.
    struct Mismatch: Error {
        let message: String
        var positional: Int?
        var keyword: Int?
    }

    let name: String
    let parameters: [String]
    let hasDefault: [Bool]
    let isVariadic: Bool

    /// How `positionalCount` positional arguments and the named `keywords` fill the parameters.
    func match(positionalCount: Int, keywords: [String]) throws(Mismatch) -> [Source] {
        var sources = [Source](repeating: .missing, count: parameters.count)
        let fixed = isVariadic ? parameters.count - 1 : parameters.count
        if positionalCount > fixed && !isVariadic {
            throw Mismatch(message: "\(name) takes \(Self.count(fixed, "argument")), got \(positionalCount)", positional: fixed)
        }
        for index in 0..<min(positionalCount, fixed) { sources[index] = .positional(index) }
        if isVariadic { sources[fixed] = .rest(fixed) }
        for (position, keyword) in keywords.enumerated() {
            guard let index = parameters.firstIndex(of: keyword) else {
                let suggestion = nearest(keyword, in: parameters).map { "; did you mean '\($0)'?" } ?? ""
                throw Mismatch(message: "\(name) has no parameter named '\(keyword)'\(suggestion)", keyword: position)
            }
            guard sources[index] == .missing else {
                throw Mismatch(message: "\(name) got two values for '\(keyword)'", keyword: position)
            }
            sources[index] = .keyword(position)
        }
        for index in parameters.indices where sources[index] == .missing && !hasDefault[index] {
            let given = positionalCount + keywords.count
            throw Mismatch(message: "\(name) is missing its argument '\(parameters[index])' (it takes \(Self.count(fixed, "argument")), got \(given))")
        }
        return sources
    }

    static func count(_ n: Int, _ noun: String) -> String { n == 1 ? "1 \(noun)" : "\(n) \(noun)s" }
}

extension Signature {
    init(_ function: FunctionCode) {
        self.init(name: function.name, parameters: function.parameterNames,
                  hasDefault: function.defaults.map { $0 != nil }, isVariadic: false)
    }
}
