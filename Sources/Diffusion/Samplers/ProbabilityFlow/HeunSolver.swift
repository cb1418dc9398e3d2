/// Heun's second-order method on dx̄/dσ = ε, the deterministic sampler of Karras et al. 2022
/// ("EDM"), Algorithm 1: an Euler step to σ_{i+1}, then the average of the slopes at both
/// ends; the last step, to σ = 0, stays an Euler step (Algorithm 1, line 6: the slope at
/// σ = 0 is not defined). N steps cost 2N − 1 model calls when the grid ends at 0.
public struct HeunSolver: ProbabilityFlowSolver {
    /// The schedule the grid and the predictor share.
    public let schedule: NoiseSchedule
    /// t_0 > t_1 > … > t_N, in paper time.
    public let times: [Int]
    /// How many times one solve calls the predictor.
    public var modelCalls: Int { 2 * stepCount - (times.last == 0 ? 1 : 0) }

    /// A solver on the given grid.
    /// - Parameters:
    ///   - schedule: The schedule the predictor was trained on.
    ///   - times: t_0 > … > t_N, all but the last in 1…T, the last ≥ 0.
    public init(schedule: NoiseSchedule, times: [Int]) {
        self.schedule = schedule
        self.times = Self.validated(times, schedule: schedule)
    }

    /// A solver on a grid of `steps` steps.
    /// - Parameters:
    ///   - schedule: The schedule the predictor was trained on.
    ///   - steps: N, the number of steps.
    ///   - grid: Where the steps fall.
    public init(schedule: NoiseSchedule, steps: Int, grid: ODETimeGrid = .karras(rho: 7)) {
        self.init(schedule: schedule, times: grid.times(steps: steps, schedule: schedule))
    }

    /// One step of Karras et al. 2022, Algorithm 1 (lines 4–8; Algorithm 1 is deterministic, the
    /// noise it lacks is Algorithm 2's churn), in x̄ and σ:
    ///
    ///     d = ε(x̄, σ),  x̄′ = x̄ + (σ′ − σ) d,  and if σ′ ≠ 0:  x̄′ = x̄ + (σ′ − σ) (d + ε(x̄′, σ′))/2,
    ///
    /// with `slope(x̄, σ)` = dx̄/dσ at the given point.
    public static func step(xBar: [Double], sigma: Double, sigmaNext: Double,
                            slope: ([Double], Double) -> [Double]) -> [Double] {
        let h = sigmaNext - sigma
        // 1. the Euler step with the slope at the start
        let d = slope(xBar, sigma)
        let euler = (0..<xBar.count).map { xBar[$0] + h * d[$0] }
        guard sigmaNext != 0 else { return euler }
        // 2. the slope at the Euler point, and the step with the mean of both slopes
        let next = slope(euler, sigmaNext)
        return (0..<xBar.count).map { xBar[$0] + h * 0.5 * (d[$0] + next[$0]) }
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
        for (i, (t, s)) in zip(times, times.dropFirst()).enumerated() {
            recorder.before(step: i, t: t, x: x)
            let (sigmaT, sigmaS) = (schedule.odeSigma(t), schedule.odeSigma(s))
            let signalT = schedule.alphaBar(t).squareRoot(), signalS = schedule.alphaBar(s).squareRoot()
            // The slope at x̄ and σ is ε̂ at x_t = √ᾱ_t x̄, for σ one of the step's two ends.
            let xBar = Self.step(xBar: x.map { $0 / signalT }, sigma: sigmaT, sigmaNext: sigmaS) { xBar, sigma in
                let (time, signal) = sigma == sigmaT ? (t, signalT) : (s, signalS)
                return predict(predictor, xBar.map { signal * $0 }, t: time, dimension: dimension)
            }
            x = xBar.map { signalS * $0 }
        }
        return recorder.finish(x: x, t: times.last!, dimension: dimension)
    }
}
