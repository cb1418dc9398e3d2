/// Euler's method on dx̄/dσ = ε (first order): x̄_{i+1} = x̄_i + (σ_{i+1} − σ_i) ε̂(x_{t_i}, t_i).
///
/// Back in x_t = √ᾱ_t x̄ this is x_s = √ᾱ_s x̂_0 + √(1 − ᾱ_s) ε̂, the deterministic DDIM
/// update (Song et al. 2021, DDIM, eq. 12 with σ = 0, and eq. 14 for the Euler reading):
/// on the `.uniform` grid it repeats `DDIMSampler` with η = 0 to rounding.
public struct EulerSolver: ProbabilityFlowSolver {
    /// The schedule the grid and the predictor share.
    public let schedule: NoiseSchedule
    /// t_0 > t_1 > … > t_N, in paper time.
    public let times: [Int]
    /// How many times one solve calls the predictor.
    public var modelCalls: Int { stepCount }

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
    public init(schedule: NoiseSchedule, steps: Int, grid: ODETimeGrid = .uniform) {
        self.init(schedule: schedule, times: grid.times(steps: steps, schedule: schedule))
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
            let eps = predict(predictor, x, t: t, dimension: dimension)
            // x_s = √ᾱ_s (x̄_t + (σ_s − σ_t) ε̂) with x̄_t = x_t/√ᾱ_t
            let ratio = (schedule.alphaBar(s) / schedule.alphaBar(t)).squareRoot()
            let slope = schedule.alphaBar(s).squareRoot() * (schedule.odeSigma(s) - schedule.odeSigma(t))
            for j in x.indices { x[j] = ratio * x[j] + slope * eps[j] }
        }
        return recorder.finish(x: x, t: times.last!, dimension: dimension)
    }
}
