import Foundation

/// DPM-Solver++(2M), Lu et al. 2022 ("DPM-Solver++: Fast Solver for Guided Sampling of
/// Diffusion Probabilistic Models"), Algorithm 2: a multistep second-order solver of the
/// probability-flow ODE written for the data prediction x̂_0 = D(x_t, t). With α_t = √ᾱ_t,
/// σ_t = √(1 − ᾱ_t), λ_t = log(α_t/σ_t) and h_i = λ_{t_i} − λ_{t_{i−1}}, each step is
///
///     x_{t_i} = (σ_{t_i}/σ_{t_{i−1}}) x_{t_{i−1}} − α_{t_i} (e^{−h_i} − 1) D_i,
///     D_i = (1 + 1/(2 r_i)) x̂_0(t_{i−1}) − 1/(2 r_i) x̂_0(t_{i−2}),   r_i = h_{i−1}/h_i,
///
/// one model call per step: the previous step's x̂_0 is reused. The first step has no
/// previous x̂_0 and takes D = x̂_0 (DPM-Solver++(1), which is DDIM); so does the step to
/// t = 0, where λ = ∞ makes r_i = 0. `firstOrderFinalSteps` more of the last steps can be
/// taken first-order too, as the diffusers library's `lower_order_final` does for short runs.
public struct DPMSolverPlusPlus2M: ProbabilityFlowSolver {
    /// The schedule the grid and the predictor share.
    public let schedule: NoiseSchedule
    public let times: [Int]
    /// How many of the last steps use D = x̂_0 (at least 1 when the grid ends at t = 0).
    public let firstOrderFinalSteps: Int
    /// How many times one solve calls the predictor: one per step.
    public var modelCalls: Int { stepCount }

    /// A solver on the given grid.
    /// - Parameters:
    ///   - schedule: The schedule the predictor was trained on.
    ///   - times: t_0 > … > t_N, all but the last in 1…T, the last ≥ 0.
    ///   - firstOrderFinalSteps: How many of the last steps are first order.
    public init(schedule: NoiseSchedule, times: [Int], firstOrderFinalSteps: Int = 1) {
        precondition(firstOrderFinalSteps >= 0, "The number of first-order final steps must not be negative.")
        self.schedule = schedule
        self.times = Self.validated(times, schedule: schedule)
        self.firstOrderFinalSteps = max(firstOrderFinalSteps, times.last == 0 ? 1 : 0)
    }

    /// A solver on a grid of `steps` steps.
    /// - Parameters:
    ///   - schedule: The schedule the predictor was trained on.
    ///   - steps: N, the number of steps.
    ///   - grid: Where the steps fall (uniform in log-SNR by default, as Lu et al. 2022, §3.3).
    ///   - firstOrderFinalSteps: How many of the last steps are first order.
    public init(schedule: NoiseSchedule, steps: Int, grid: ODETimeGrid = .logSNR, firstOrderFinalSteps: Int = 1) {
        self.init(schedule: schedule, times: grid.times(steps: steps, schedule: schedule), firstOrderFinalSteps: firstOrderFinalSteps)
    }

    /// λ_t = log(√ᾱ_t/√(1 − ᾱ_t)), +∞ at t = 0.
    func lambda(_ t: Int) -> Double { t == 0 ? .infinity : -log(schedule.odeSigma(t)) }

    /// The extrapolation weight 1/(2 r_i) that step i (0-based) gives the older x̂_0, or 0
    /// for a first-order step.
    /// - Parameter i: The step, 0…N − 1.
    /// - Returns: 1/(2 r_i), or 0.
    public func extrapolationWeight(step i: Int) -> Double {
        guard i >= 1 && i < stepCount - firstOrderFinalSteps else { return 0 }
        let h = lambda(times[i + 1]) - lambda(times[i]), hPrevious = lambda(times[i]) - lambda(times[i - 1])
        return h / (2 * hPrevious)
    }

    /// Solves from `start`, the state at t_0, down the grid.
    /// - Parameters:
    ///   - predictor: ε_θ, on this solver's schedule.
    ///   - start: x at t_0, flat, a whole number of samples.
    ///   - dimension: Values per sample.
    ///   - record: Which states of the grid to keep.
    /// - Returns: The states at t_N, flat, and the kept states.
    public func solve(predictor: some NoisePredictor, from start: [Double], dimension: Int,
                      record: TrajectoryRecording = .none) -> SamplingResult {
        var x = start, recorder = SolverRecorder(record: record)
        var previousX0: [Double] = []
        for (i, (t, s)) in zip(times, times.dropFirst()).enumerated() {
            recorder.before(step: i, t: t, x: x)
            // 1. x̂_0 at t_{i−1} (Ho et al. 2020, eq. 4 solved for x_0)
            let x0 = schedule.predictX0(xt: x, t: t, eps: predict(predictor, x, t: t, dimension: dimension))
            // 2. D_i: x̂_0, or its linear extrapolation in λ with the previous one
            let w = extrapolationWeight(step: i)
            let d = w == 0 ? x0 : (0..<x.count).map { (1 + w) * x0[$0] - w * previousX0[$0] }
            // 3. the exponential-integrator step; to t = 0 (σ_s = 0) it is x_0 = D
            let signalS = schedule.alphaBar(s).squareRoot()
            let ratio = (1 - schedule.alphaBar(s)).squareRoot() / (1 - schedule.alphaBar(t)).squareRoot()
            let weight = s == 0 ? 1 : -signalS * expm1(-(lambda(s) - lambda(t)))
            for j in x.indices { x[j] = ratio * x[j] + weight * d[j] }
            previousX0 = x0
        }
        return recorder.finish(x: x, t: times.last!, dimension: dimension)
    }
}
