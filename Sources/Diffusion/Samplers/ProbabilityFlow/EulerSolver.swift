/// Euler's method on dx̄/dσ = ε (first order): x̄_{i+1} = x̄_i + (σ_{i+1} − σ_i) ε̂(x_{t_i}, t_i).
///
/// Back in x_t = √ᾱ_t x̄ this is x_s = √ᾱ_s x̂_0 + √(1 − ᾱ_s) ε̂, the deterministic DDIM
/// update (Song et al. 2021, DDIM, eq. 12 with σ = 0, and eq. 14 for the Euler reading):
/// on the `.uniform` grid it repeats `DDIMSampler` with η = 0 to rounding.
public struct EulerSolver: ProbabilityFlowSolver {
    public let schedule: NoiseSchedule
    public let times: [Int]
    public var modelCalls: Int { stepCount }

    public init(schedule: NoiseSchedule, times: [Int]) {
        self.schedule = schedule
        self.times = Self.validated(times, schedule: schedule)
    }

    public init(schedule: NoiseSchedule, steps: Int, grid: ODETimeGrid = .uniform) {
        self.init(schedule: schedule, times: grid.times(steps: steps, schedule: schedule))
    }

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
