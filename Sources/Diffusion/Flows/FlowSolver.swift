/// ODE solvers for dx/dt = v(x, t) on a grid 1 ≥ t_0 > t_1 > … > t_N ≥ 0, run from the noise
/// (or the source) at t_0 down to the data at t_N.
public enum FlowSolverMethod: String, CaseIterable, Sendable {
    /// Euler: x_{i+1} = x_i + (t_{i+1} − t_i) v(x_i, t_i). One call per step.
    case euler
    /// Heun (the explicit trapezoid rule): an Euler step to x̃, then
    /// x_{i+1} = x_i + (t_{i+1} − t_i)(v(x_i, t_i) + v(x̃, t_{i+1}))/2 (Karras et al. 2022,
    /// Algorithm 1 without noise). Two calls per step.
    case heun
}

/// A flow solver on a fixed grid of times.
public struct FlowSolver: Sendable {
    public let method: FlowSolverMethod
    /// t_0 > t_1 > … > t_N in [0, 1].
    public let times: [Double]

    public init(method: FlowSolverMethod, times: [Double]) {
        precondition(times.count >= 2, "A flow solver needs at least two time points.")
        precondition(zip(times, times.dropFirst()).allSatisfy { $0 > $1 }, "A flow solver's grid must run strictly down in time.")
        precondition(times.first! <= 1 && times.last! >= 0, "A flow solver's grid must lie in [0, 1].")
        self.method = method
        self.times = times
    }

    /// `steps` equal steps from t = 1 to t = 0.
    public init(method: FlowSolverMethod, steps: Int) {
        precondition(steps >= 1, "A flow solver needs at least one step.")
        self.init(method: method, times: (0...steps).map { 1 - Double($0) / Double(steps) })
    }

    /// The most steps of `method` that `calls` model calls pay for (Heun: ⌊calls/2⌋, at least 1).
    public static func steps(for method: FlowSolverMethod, calls: Int) -> Int {
        method == .euler ? calls : max(1, calls / 2)
    }

    /// Model calls per solve.
    public var modelCalls: Int { (times.count - 1) * (method == .euler ? 1 : 2) }

    /// One Euler step from t to s: x + (s − t) v.
    public static func eulerStep(x: [Double], velocity v: [Double], t: Double, s: Double) -> [Double] {
        precondition(x.count == v.count, "x and v need the same number of values.")
        return zip(x, v).map { $0 + (s - t) * $1 }
    }

    /// Solves from `start` (flat) at t_0 to t_N; with `keepPath`, every state on the grid
    /// (t_0 first) in `path`.
    public func solve(_ field: some VelocityField, from start: [Double], dimension: Int,
                      keepPath: Bool = false) -> (samples: [Double], path: [[Double]]) {
        var x = start, path: [[Double]] = keepPath ? [start] : []
        for (t, s) in zip(times, times.dropFirst()) {
            let v = field.velocity(xt: x, t: t, dimension: dimension)
            let euler = Self.eulerStep(x: x, velocity: v, t: t, s: s)
            switch method {
            case .euler:
                x = euler
            case .heun:
                let w = field.velocity(xt: euler, t: s, dimension: dimension)
                x = (0..<x.count).map { x[$0] + (s - t) * 0.5 * (v[$0] + w[$0]) }
            }
            if keepPath { path.append(x) }
        }
        return (x, path)
    }
}
