/// Limited-memory BFGS for small smooth minimization problems (e.g. MAP over a few hundred choices).
///
/// Directions come from the standard two-loop recursion over the last `memory` (s, y) pairs; each
/// step length satisfies the weak Wolfe conditions (sufficient decrease with `c1`, curvature with `c2`),
/// found by bracketing and bisection (Lewis & Overton), which guarantees y·s > 0 so the inverse-Hessian
/// model stays positive definite. When no step meets both conditions, the last one that met the first is taken
/// (pairs with y·s <= 0 are not stored); when none decreases the value, the curvature pairs are dropped and
/// steepest descent is tried before the search stops.
public struct LBFGS: Sendable {
    /// The number of correction pairs kept.
    public var memory = 10
    /// Iteration limit.
    public var maxIterations = 200
    /// Converged when the largest absolute gradient component is at most this.
    public var gradientTolerance = 1e-6
    /// Sufficient-decrease constant of the Wolfe conditions.
    public var c1 = 1e-4
    /// Curvature constant of the Wolfe conditions.
    public var c2 = 0.9
    /// Step-length trials allowed per line search.
    public var maxLineSearchSteps = 40

    /// Why a minimization stopped.
    public enum Termination: Sendable, Equatable {
        /// The gradient fell below ``LBFGS/gradientTolerance``.
        case converged
        /// ``LBFGS/maxIterations`` were used.
        case iterationLimit
        /// No step length satisfying the Wolfe conditions was found (often: at the limit of precision).
        case lineSearchFailed
    }

    /// The outcome of a minimization.
    public struct Result: Sendable {
        /// The best point found.
        public var point: [Double]
        /// The objective at `point`.
        public var value: Double
        /// The gradient at `point`.
        public var gradient: [Double]
        /// Iterations taken.
        public var iterations: Int
        /// Objective evaluations made.
        public var evaluations: Int
        /// Why it stopped.
        public var termination: Termination
    }

    /// An optimizer with default settings.
    public init() {}

    /// Minimizes `objective` (returning value and gradient) starting from `start`.
    public func minimize(from start: [Double], _ objective: ([Double]) -> (value: Double, gradient: [Double])) -> Result {
        func dot(_ a: [Double], _ b: [Double]) -> Double { zip(a, b).reduce(0) { $0 + $1.0 * $1.1 } }
        var x = start
        var (value, gradient) = objective(x)
        var evaluations = 1
        var pairs: [(s: [Double], y: [Double], rho: Double)] = []
        for iteration in 0..<maxIterations {
            if gradient.allSatisfy({ Swift.abs($0) <= gradientTolerance }) {
                return Result(point: x, value: value, gradient: gradient, iterations: iteration, evaluations: evaluations, termination: .converged)
            }
            // Two-loop recursion: direction = -H g.
            var q = gradient
            var alphas: [Double] = []
            for pair in pairs.reversed() {
                let alpha = pair.rho * dot(pair.s, q)
                alphas.append(alpha)
                for k in q.indices { q[k] -= alpha * pair.y[k] }
            }
            if let last = pairs.last {
                let gamma = dot(last.s, last.y) / dot(last.y, last.y)
                for k in q.indices { q[k] *= gamma }
            } else {
                // First step: scale so the initial trial moves about one unit.
                let norm = dot(gradient, gradient).squareRoot()
                for k in q.indices { q[k] /= Swift.max(norm, 1) }
            }
            for (pair, alpha) in zip(pairs, alphas.reversed()) {
                let beta = pair.rho * dot(pair.y, q)
                for k in q.indices { q[k] += (alpha - beta) * pair.s[k] }
            }
            var direction = q.map { -$0 }
            var slope = dot(gradient, direction)
            if slope >= 0 {  // not a descent direction (numerical trouble): restart from steepest descent
                pairs.removeAll()
                direction = gradient.map { -$0 }
                slope = dot(gradient, direction)
            }

            // Weak Wolfe line search by bracketing and bisection.
            var (low, high, t) = (0.0, Double.infinity, 1.0)
            var accepted: (x: [Double], value: Double, gradient: [Double])?
            // The last step that decreased the value enough (the bracket's low end), kept in case the curvature
            // condition is never met: on an objective with small discontinuities (a renderer's adaptive
            // sampling) the bracket can close on a jump, and that step is still progress.
            var sufficient: (x: [Double], value: Double, gradient: [Double])?
            for _ in 0..<maxLineSearchSteps {
                let trial = zip(x, direction).map { $0 + t * $1 }
                let (trialValue, trialGradient) = objective(trial)
                evaluations += 1
                if !(trialValue <= value + c1 * t * slope) {  // also rejects NaN
                    high = t
                } else if dot(trialGradient, direction) < c2 * slope {
                    low = t
                    sufficient = (trial, trialValue, trialGradient)
                } else {
                    accepted = (trial, trialValue, trialGradient)
                    break
                }
                t = high.isFinite ? (low + high) / 2 : 2 * low
            }
            guard let step = accepted ?? sufficient else {
                // No decrease along this direction: a stale curvature model can point badly, so forget it and
                // try steepest descent once before giving up.
                if !pairs.isEmpty {
                    pairs.removeAll()
                    continue
                }
                return Result(point: x, value: value, gradient: gradient, iterations: iteration, evaluations: evaluations, termination: .lineSearchFailed)
            }
            let s = zip(step.x, x).map { $0 - $1 }
            let y = zip(step.gradient, gradient).map { $0 - $1 }
            let curvature = dot(y, s)
            if curvature > 0 {
                pairs.append((s, y, 1 / curvature))
                if pairs.count > memory { pairs.removeFirst() }
            }
            (x, value, gradient) = step
        }
        let converged = gradient.allSatisfy { Swift.abs($0) <= gradientTolerance }
        return Result(point: x, value: value, gradient: gradient, iterations: maxIterations, evaluations: evaluations,
                      termination: converged ? .converged : .iterationLimit)
    }
}
